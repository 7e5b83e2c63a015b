import { InputError } from '../errors.js';
import type { SeedSide } from './seed-method.js';
import { stateRow, type SeedAction, type SeedTransition } from './seed-transition.js';
import type { Seed } from './seed.js';
import { isTwoAgentStage, stageAgents } from './stage-agents.js';

/** A deciding action of a tick that failed: which agent (null for orc's own ConnectReplica) and why. */
export interface SeedStepFailure {
  readonly agent: SeedSide | null;
  readonly error: string;
}

/**
 * The transition to persist instead of nextSeedState's when one of its deciding actions failed, from the seed as it
 * was before the tick: an abort that failed leaves it Aborting (a later tick tries again); a stage call or
 * ConnectReplica that failed -> Error (the other agent of a two-agent stage aborted first).
 */
export function seedStepFailed(before: Seed, failure: SeedStepFailure, now: number): SeedTransition {
  const who = failure.agent ? `the ${failure.agent} agent` : 'orc';
  if (before.status === 'Aborting' || before.abortRequested) {
    const next: Seed = { ...before, status: 'Aborting', updatedAt: now, error: `abort failed on ${who}: ${failure.error}` };
    return { seed: next, actions: [], row: stateRow(next, now, next.error ?? '', failure.agent) };
  }
  if (before.status !== 'Scheduled') {
    throw new InputError(`seed ${before.id}: only a Scheduled or Aborting tick has actions that can fail, not ${before.status}`, { seed: before.id });
  }
  const error = `${before.stage} could not be started on ${who}: ${failure.error}`;
  const next: Seed = { ...before, status: 'Error', startedAt: before.startedAt ?? now, updatedAt: now, error };
  const others = isTwoAgentStage(before.stage) ? stageAgents(before.stage, before.method).filter((a) => a !== failure.agent) : [];
  const actions: SeedAction[] = others.map((agent) => ({ kind: 'abort', agent, stage: before.stage, bestEffort: true }));
  return { seed: next, actions, row: stateRow(next, now, error, failure.agent) };
}

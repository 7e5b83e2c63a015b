import { errorLine } from '../errors.js';
import type { LeaseToken } from '../ports/leader-lease.js';
import { isDecidingAction } from './deciding-action.js';
import { describeSeedAction, seedActionAgent } from './describe-seed-action.js';
import { nextSeedState } from './next-seed-state.js';
import { pollStageReports } from './poll-stage-reports.js';
import { runSeedAction, type SeedActionContext } from './run-seed-action.js';
import { SeedAgents } from './seed-agents.js';
import type { SeedSide } from './seed-method.js';
import { seedStepFailed, type SeedStepFailure } from './seed-step-failed.js';
import type { SeedTickerDeps } from './seed-ticker-deps.js';
import { stateRow, type SeedAction } from './seed-transition.js';
import type { Seed } from './seed.js';

/** How one seed's tick ended: nothing to change, moved (persisted), lost the race to another writer, or left for later (stopping). */
export type SeedTickResult = 'unchanged' | 'moved' | 'raced' | 'interrupted';

interface Note {
  readonly agent: SeedSide | null;
  readonly details: string;
}

/**
 * Runs actions in order, collecting history notes; the first deciding action that fails stops the run and is
 * returned (with `decide` false every action counts as best effort).
 */
async function runActions(actions: readonly SeedAction[], ctx: SeedActionContext, notes: Note[], decide: boolean): Promise<SeedStepFailure | null> {
  for (const action of actions) {
    const agent = seedActionAgent(action);
    try {
      const note = await runSeedAction(action, ctx);
      if (note !== null) notes.push({ agent: null, details: note });
    } catch (err) {
      if (decide && isDecidingAction(action)) return { agent, error: errorLine(err) };
      notes.push({ agent, details: `${describeSeedAction(action)} failed: ${errorLine(err)}` });
    }
  }
  return null;
}

/**
 * One tick of one seed (the thin I/O around nextSeedState): polls the stage's agents while Running, decides, runs
 * the actions in order (a deciding one that fails makes it seedStepFailed's outcome instead), then persists the
 * seed by compare-and-set and its history rows (the transition's, then one per note), all fenced by lease. A
 * failure caused by the signal (the service stopping) is not persisted: the next leader's tick starts over.
 */
export async function tickSeed(before: Seed, deps: SeedTickerDeps, lease: LeaseToken, signal: AbortSignal): Promise<SeedTickResult> {
  const now = deps.clock.now();
  const agents = new SeedAgents(before, deps.agentOf);
  const polled = before.status === 'Running' && !before.abortRequested;
  const reports = polled ? await pollStageReports(before, agents, deps, signal) : [];
  // Reports cut short by the stop would look like unreachable agents (and maybe stale progress): decide nothing.
  if (signal.aborted) return 'interrupted';
  let transition = nextSeedState({ seed: before, reports, config: deps.policy, now });
  if (transition.seed === before && transition.actions.length === 0) return 'unchanged';
  const ctx: SeedActionContext = { seed: before, agents, deps, now, signal };
  const notes: Note[] = [];
  const failure = await runActions(transition.actions, ctx, notes, true);
  if (failure) {
    if (signal.aborted) {
      deps.logger.info({ seed: before.id, stage: before.stage, err: failure.error }, 'seed tick interrupted by the stop; the next tick starts over');
      return 'interrupted';
    }
    transition = seedStepFailed(before, failure, now);
    // An abort failing again the same way (agent still unreachable) changes nothing worth a row every tick.
    if (before.status === 'Aborting' && transition.seed.status === 'Aborting' && transition.seed.error === before.error && notes.length === 0) return 'unchanged';
    await runActions(transition.actions, ctx, notes, false);
  }
  const next = transition.seed;
  if (!(await deps.store.updateSeed(next, { status: before.status, stage: before.stage }, lease))) {
    deps.logger.debug({ seed: before.id, stage: before.stage, status: before.status }, 'seed moved by another writer meanwhile; this tick is dropped');
    return 'raced';
  }
  const rows = [...(transition.row ? [transition.row] : []), ...notes.map((n) => stateRow(next, now, n.details, n.agent))];
  for (const row of rows) await deps.store.appendSeedState(row, lease);
  if (transition.row) {
    deps.logger.info({ seed: next.id, stage: next.stage, status: next.status, agent: transition.row.agent, details: transition.row.details }, 'seed moved');
  }
  for (const note of notes) deps.logger.info({ seed: next.id, stage: next.stage, status: next.status, agent: note.agent, details: note.details }, 'seed action');
  return 'moved';
}

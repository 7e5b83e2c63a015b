import { stageAgents } from './stage-agents.js';
import { failedSeed, failedSeedActions } from './seed-ending.js';
import { stateRow, type SeedAction, type SeedTransition } from './seed-transition.js';
import type { Seed } from './seed.js';

/** The tick of a seed an operator aborted (or left in Aborting): abort the stage's agents, then Failed with cleanup and downtime ended. */
export function abortSeed(seed: Seed, now: number): SeedTransition {
  const aborts: SeedAction[] = stageAgents(seed.stage, seed.method).map((agent) => ({ kind: 'abort', agent, stage: seed.stage, bestEffort: false }));
  const next = failedSeed(seed, now, 'aborted by an operator');
  return { seed: next, actions: [...aborts, ...failedSeedActions(seed)], row: stateRow(next, now, 'aborted by an operator') };
}

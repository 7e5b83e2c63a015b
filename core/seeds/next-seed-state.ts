import { abortSeed } from './abort-seed.js';
import type { AgentStageReport } from './agent-stage-report.js';
import { checkReports, checkSeed, checkTickPolicy } from './check-seed-tick.js';
import { errorTick } from './error-tick.js';
import { runningTick } from './running-tick.js';
import { scheduledTick } from './scheduled-tick.js';
import type { SeedMachineConfig } from './seed-machine-config.js';
import { isActiveSeedStatus } from './seed-status.js';
import type { SeedTransition } from './seed-transition.js';
import type { Seed } from './seed.js';

/** What one tick of a seed decides from. */
export interface SeedTickInput {
  readonly seed: Seed;
  /** The latest report of each agent polled this tick (absent when an agent could not be polled). */
  readonly reports: readonly AgentStageReport[];
  readonly config: SeedMachineConfig;
  readonly now: number;
}

/**
 * The pure seed transition (seeds.md): the seed after one tick and the actions and history row that get it there;
 * a final seed is left as it is; malformed input throws InputError.
 */
export function nextSeedState(input: SeedTickInput): SeedTransition {
  const { seed, reports, config, now } = input;
  checkSeed(seed);
  checkReports(seed, reports);
  checkTickPolicy(config, now);
  const status = seed.status;
  if (!isActiveSeedStatus(status)) return { seed, actions: [], row: null };
  if (status === 'Aborting' || seed.abortRequested) return abortSeed(seed, now);
  switch (status) {
    case 'Scheduled':
      return scheduledTick(seed, config, now);
    case 'Running':
      return runningTick(seed, reports, config, now);
    case 'Error':
      return errorTick(seed, config, now);
  }
}

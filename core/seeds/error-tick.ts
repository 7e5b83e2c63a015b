import { failedSeed, failedSeedActions } from './seed-ending.js';
import type { SeedMachineConfig } from './seed-machine-config.js';
import { retryStartStage } from './seed-stage.js';
import { stateRow, type SeedTransition } from './seed-transition.js';
import type { Seed } from './seed.js';

/**
 * An Error seed's tick: when its stage used up maxRetriesPerStage -> Failed (cleanup, downtime ended); otherwise
 * Scheduled again with that stage's retries one more, from Prepare after a Backup error.
 */
export function errorTick(seed: Seed, config: SeedMachineConfig, now: number): SeedTransition {
  const used = seed.retries[seed.stage];
  if (used >= config.maxRetriesPerStage) {
    const next = failedSeed(seed, now, seed.error);
    return { seed: next, actions: failedSeedActions(seed), row: stateRow(next, now, `${seed.stage} failed after ${used} retries: ${seed.error ?? ''}`) };
  }
  const retries = { ...seed.retries, [seed.stage]: used + 1 };
  const next: Seed = { ...seed, stage: retryStartStage(seed.stage), status: 'Scheduled', retries, bytesCopied: 0, progressAt: null, updatedAt: now };
  return { seed: next, actions: [], row: stateRow(next, now, `retry ${used + 1} of ${config.maxRetriesPerStage} after ${seed.stage} failed`) };
}

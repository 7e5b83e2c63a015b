import type { SeedAction } from './seed-transition.js';
import type { Seed } from './seed.js';

/** The best-effort actions that close a failed seed: cleanup on both agents, then the target out of downtime. */
export function failedSeedActions(seed: Seed): SeedAction[] {
  return [{ kind: 'cleanup', agent: 'target' }, { kind: 'cleanup', agent: 'source' }, { kind: 'end-downtime', instance: seed.target }];
}

/** The seed as Failed at now. */
export function failedSeed(seed: Seed, now: number, error: string | null): Seed {
  return { ...seed, status: 'Failed', endedAt: now, updatedAt: now, error };
}

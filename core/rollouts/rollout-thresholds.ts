import type { RolloutOptions } from './rollout-options.js';

/** How many targets move at once, how many must succeed for the version to be good, how many failures make it bad. */
export interface RolloutThresholds {
  readonly batch: number;
  readonly successThreshold: number;
  readonly failThreshold: number;
}

/** rollouts.md: batch = max(1, floor(batch% x N / 100)); success = floor(success% x N / 100); fail = max(1, N - success). */
export function rolloutThresholds(options: Pick<RolloutOptions, 'batchPercent' | 'successPercent'>, total: number): RolloutThresholds {
  const successThreshold = Math.floor((options.successPercent * total) / 100);
  return {
    batch: Math.max(1, Math.floor((options.batchPercent * total) / 100)),
    successThreshold,
    failThreshold: Math.max(1, total - successThreshold),
  };
}

import type { RolloutOptions } from './rollout-options.js';
import type { RolloutTarget } from './rollout-target.js';

/**
 * A target against the effective version E: idle when not told E; succeeded when it runs E without error for longer
 * than the success timeout; failed when it has not succeeded within the duration timeout of being told, or a
 * monitoring check reports it bad; pending otherwise.
 */
export type TargetOutcome = 'idle' | 'pending' | 'succeeded' | 'failed';

/** The outcome of target at now (rollouts.md step 3); checkFailed is a failing monitoring check naming this target. */
export function targetOutcome(
  target: RolloutTarget,
  effective: string | null,
  options: Pick<RolloutOptions, 'successTimeoutSecs' | 'durationTimeoutSecs'>,
  now: number,
  checkFailed = false,
): TargetOutcome {
  if (effective === null || target.wantedVersion !== effective) return 'idle';
  if (checkFailed) return 'failed';
  const stableSince = Math.max(target.versionChangedAt, target.errorChangedAt);
  if (target.version === effective && !target.isError && now - stableSince > options.successTimeoutSecs * 1000) return 'succeeded';
  return now - target.wantedAt > options.durationTimeoutSecs * 1000 ? 'failed' : 'pending';
}

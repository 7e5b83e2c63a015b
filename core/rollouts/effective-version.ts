import { isBadVersion, NO_COUNTS, type Rollout } from './rollout.js';

/** The version targets are moved to now: the rolling version, or the last known good one in rollback mode; null when there is none. */
export interface EffectiveVersion {
  readonly effective: string | null;
  readonly rollback: boolean;
}

/**
 * rollouts.md steps 2 and 6: rolling takes the target version when it is empty, and moves on to it once the
 * rolling version is decided (good or bad); a bad target version is never rolled. Moving on starts the new
 * version's steps from zero and releases a step pause.
 */
export function advanceRolling(rollout: Rollout, now: number): Rollout {
  const { targetVersion, rollingVersion } = rollout;
  if (targetVersion === '' || targetVersion === rollingVersion || isBadVersion(rollout, targetVersion)) return rollout;
  const decided = rollingVersion === '' || rollingVersion === rollout.lastKnownGoodVersion || isBadVersion(rollout, rollingVersion);
  if (!decided) return rollout;
  return {
    ...rollout,
    rollingVersion: targetVersion,
    pause: rollout.pause?.kind === 'step' ? null : rollout.pause,
    step: 0,
    stepsDone: 0,
    advanceStep: false,
    fullPromotion: false,
    rollingSince: now,
    progressAt: now,
    counts: NO_COUNTS,
  };
}

/** E = Rolling, or LKG when Rolling is bad (rollback mode; null without a good version to go back to). */
export function effectiveVersion(rollout: Rollout): EffectiveVersion {
  const rolling = rollout.rollingVersion;
  if (rolling === '') return { effective: null, rollback: false };
  if (!isBadVersion(rollout, rolling)) return { effective: rolling, rollback: false };
  return { effective: rollout.lastKnownGoodVersion === '' ? null : rollout.lastKnownGoodVersion, rollback: true };
}

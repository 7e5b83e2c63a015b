import { MAX_BAD_VERSIONS } from './check-rollout.js';
import type { Rollout } from './rollout.js';

/**
 * The rollout with its rolling version marked bad (last known bad, and never rolled again): the rollback to the
 * last known good version starts its own steps from zero; a step pause and any promotion end with the version.
 */
export function markRollingBad(rollout: Rollout, now: number): Rollout {
  const bad = rollout.rollingVersion;
  const known = rollout.badVersions.includes(bad) ? rollout.badVersions : [...rollout.badVersions, bad];
  return {
    ...rollout,
    lastKnownBadVersion: bad,
    badVersions: known.length > MAX_BAD_VERSIONS ? known.slice(known.length - MAX_BAD_VERSIONS) : known,
    pause: rollout.pause?.kind === 'step' ? null : rollout.pause,
    step: 0,
    stepsDone: 0,
    advanceStep: false,
    fullPromotion: false,
    progressAt: now,
  };
}

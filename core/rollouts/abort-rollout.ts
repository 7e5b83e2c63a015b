import { RefusedError } from '../errors.js';
import { controlReason } from './control-reason.js';
import { markRollingBad } from './mark-rolling-bad.js';
import { isRollingUndecided, type Rollout } from './rollout.js';
import { eventBase, type RolloutChange } from './rollout-change.js';
import { formatRolloutKey } from './rollout-key.js';

/**
 * Aborts the rolling version: it is marked bad (never rolled again under that name) and the target version stays
 * on it, so every changed target is rolled back to the last known good version until a new version is set. Any
 * pause ends (a rollback is never paused). Refused (orc_refused) when no version is being rolled.
 */
export function abortRollout(rollout: Rollout, now: number, reason?: string): RolloutChange {
  const why = controlReason(reason, 'aborted by an operator');
  if (!isRollingUndecided(rollout)) {
    throw new RefusedError('orc_refused', `rollout ${formatRolloutKey(rollout)}: nothing to abort: ${rollout.rollingVersion === '' ? 'no version is being rolled' : `${rollout.rollingVersion} is already decided`}`, {
      rollout: formatRolloutKey(rollout),
    });
  }
  const bad = markRollingBad(rollout, now);
  const phase = bad.lastKnownGoodVersion === '' ? 'failed' : 'rolling-back';
  return {
    rollout: { ...bad, targetVersion: rollout.rollingVersion, pause: null, phase, updatedAt: now },
    events: [{ ...eventBase(rollout, now), kind: 'failed', reason: `aborted: ${why}`, failedTargets: [] }],
  };
}

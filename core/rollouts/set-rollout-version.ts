import { RefusedError } from '../errors.js';
import { isBadVersion, type Rollout } from './rollout.js';
import { unchanged, type RolloutChange } from './rollout-change.js';
import { formatRolloutKey } from './rollout-key.js';
import { checkRolloutText } from './rollout-text.js';

/**
 * Sets the version the rollout aims at; the rolling version moves on to it once the current one is decided. A
 * version marked bad is refused (orc_refused): it cannot be rolled again under that name.
 */
export function setRolloutVersion(rollout: Rollout, version: string, now: number): RolloutChange {
  checkRolloutText(version, 'version');
  if (isBadVersion(rollout, version)) {
    throw new RefusedError('orc_refused', `rollout ${formatRolloutKey(rollout)}: version ${version} was marked bad and cannot be rolled again under that name`, {
      rollout: formatRolloutKey(rollout),
      version,
    });
  }
  if (version === rollout.targetVersion) return unchanged(rollout);
  return { rollout: { ...rollout, targetVersion: version, updatedAt: now }, events: [] };
}

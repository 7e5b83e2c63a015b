import { RefusedError } from '../errors.js';
import { isRollingUndecided, type Rollout } from './rollout.js';
import { eventBase, type RolloutChange } from './rollout-change.js';
import type { RolloutEvent } from './rollout-event.js';
import { formatRolloutKey } from './rollout-key.js';

/**
 * Manual promote of the rolling version: ends any pause and starts the next step at the next call without waiting
 * for the current one; full marks the version good now and tells every remaining target at once. Refused
 * (orc_refused) when no version is being rolled (none yet, or already decided good or bad).
 */
export function promoteRollout(rollout: Rollout, now: number, full = false): RolloutChange {
  if (!isRollingUndecided(rollout)) {
    const state = rollout.rollingVersion === '' ? 'no version is being rolled' : `${rollout.rollingVersion} is already decided ${rollout.rollingVersion === rollout.lastKnownGoodVersion ? 'good' : 'bad'}`;
    throw new RefusedError('orc_refused', `rollout ${formatRolloutKey(rollout)}: nothing to promote: ${state}`, { rollout: formatRolloutKey(rollout) });
  }
  const base = eventBase(rollout, now);
  const events: RolloutEvent[] = rollout.pause !== null ? [{ ...base, kind: 'resumed' }] : [];
  const phase = rollout.phase === 'paused' ? 'progressing' : rollout.phase;
  if (!full) return { rollout: { ...rollout, pause: null, phase, advanceStep: true, progressAt: now, updatedAt: now }, events };
  return {
    rollout: { ...rollout, pause: null, phase, advanceStep: false, fullPromotion: true, lastKnownGoodVersion: rollout.rollingVersion, progressAt: now, updatedAt: now },
    events: [...events, { ...base, kind: 'marked-good', reason: 'promoted in full by an operator' }],
  };
}

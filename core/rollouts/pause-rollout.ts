import { controlReason } from './control-reason.js';
import type { Rollout } from './rollout.js';
import { eventBase, unchanged, type RolloutChange } from './rollout-change.js';

/** An operator's pause: no new batch of the rolling version starts until resumed or promoted (a rollback still goes on). */
export function pauseRollout(rollout: Rollout, now: number, reason?: string): RolloutChange {
  const why = controlReason(reason, 'paused by an operator');
  if (rollout.pause?.kind === 'operator') return unchanged(rollout);
  const phase = rollout.phase === 'progressing' ? 'paused' : rollout.phase;
  return {
    rollout: { ...rollout, pause: { kind: 'operator', reason: why }, phase, updatedAt: now },
    events: [{ ...eventBase(rollout, now), kind: 'paused', reason: why }],
  };
}

import { isRollingUndecided, type Rollout } from './rollout.js';
import { eventBase, unchanged, type RolloutChange } from './rollout-change.js';

/** Ends any pause; the progress deadline counts from now again. Resuming a rollout that is not paused changes nothing. */
export function resumeRollout(rollout: Rollout, now: number): RolloutChange {
  if (rollout.pause === null) return unchanged(rollout);
  const phase = rollout.phase === 'paused' ? 'progressing' : rollout.phase;
  const progressAt = isRollingUndecided(rollout) ? now : rollout.progressAt;
  return {
    rollout: { ...rollout, pause: null, phase, progressAt, updatedAt: now },
    events: [{ ...eventBase(rollout, now), kind: 'resumed' }],
  };
}

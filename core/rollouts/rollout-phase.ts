import type { EffectiveVersion } from './effective-version.js';
import type { RolloutPhase, Rollout } from './rollout.js';
import type { TallySummary } from './evaluate-targets.js';

/** The phase a rollout is in after a step, from its versions, its pause and how its targets stand against the effective version. */
export function rolloutPhase(rollout: Rollout, version: EffectiveVersion, tally: Pick<TallySummary, 'candidates' | 'pending'>): RolloutPhase {
  const settled = tally.candidates === 0 && tally.pending === 0;
  if (version.effective === null) return rollout.rollingVersion === '' ? 'idle' : 'failed';
  if (version.rollback) return settled ? 'rolled-back' : 'rolling-back';
  if (rollout.pause !== null) return 'paused';
  return rollout.rollingVersion === rollout.lastKnownGoodVersion && settled ? 'completed' : 'progressing';
}

import { InputError } from '../errors.js';
import type { Rollout } from './rollout.js';
import { unchanged, type RolloutChange } from './rollout-change.js';
import { checkRolloutOptions, type RolloutOptions } from './rollout-options.js';

const KEYS: ReadonlySet<string> = new Set(['batchPercent', 'successPercent', 'successTimeoutSecs', 'durationTimeoutSecs', 'steps', 'pauseBetweenSteps', 'progressDeadlineSecs']);

/** Changes the options given, keeping the others; the result is checked whole (InputError naming the field). */
export function setRolloutOptions(rollout: Rollout, patch: Partial<RolloutOptions>, now: number): RolloutChange {
  if (typeof patch !== 'object' || patch === null) throw new InputError('rollout options must be an object', { field: 'options' });
  const unknown = Object.keys(patch).find((k) => !KEYS.has(k));
  if (unknown !== undefined) throw new InputError(`rollout options: unknown option "${unknown}"`, { field: unknown });
  const options = checkRolloutOptions({ ...rollout.options, ...patch });
  if (JSON.stringify(options) === JSON.stringify(rollout.options)) return unchanged(rollout);
  return { rollout: { ...rollout, options, updatedAt: now }, events: [] };
}

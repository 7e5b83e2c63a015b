import { InputError } from '../errors.js';

/**
 * How a rollout moves: the reference's four knobs, plus orc's explicit steps (batch sizes per step, instead of a
 * percentage), a pause after each step (released by promote), and a progress deadline.
 */
export interface RolloutOptions {
  /** Batch size as a percentage of the targets: max(1, floor(batchPercent x N / 100)) in flight at once (0 to 100). */
  readonly batchPercent: number;
  /** Share of the targets that must succeed for the version to be good: floor(successPercent x N / 100) (0 to 100). */
  readonly successPercent: number;
  /** A target succeeds once it has run the version without error for longer than this. */
  readonly successTimeoutSecs: number;
  /** A target fails when it has not succeeded this long after being told the version (at least successTimeoutSecs). */
  readonly durationTimeoutSecs: number;
  /** Explicit batch sizes, one per step (the last repeats); a step starts once the previous one is decided. Null: batchPercent. */
  readonly steps: readonly number[] | null;
  /** Pause after each step until promoted (or resumed); never during a rollback. */
  readonly pauseBetweenSteps: boolean;
  /** A version making no progress (no target succeeding, no step starting) for this long, unpaused, is marked bad. Null: none. */
  readonly progressDeadlineSecs: number | null;
}

/** The reference's defaults: 5 % batches, 100 % must succeed, 60 s to succeed, 120 s before a target fails. */
export const DEFAULT_ROLLOUT_OPTIONS: RolloutOptions = Object.freeze({
  batchPercent: 5,
  successPercent: 100,
  successTimeoutSecs: 60,
  durationTimeoutSecs: 120,
  steps: null,
  pauseBetweenSteps: false,
  progressDeadlineSecs: null,
});

/** Longest timeout or deadline accepted: 30 days. */
export const MAX_ROLLOUT_SECS = 30 * 86_400;

/** Most explicit steps, and the largest one. */
export const MAX_STEPS = 100;
export const MAX_STEP_SIZE = 1_000_000;

function whole(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InputError(`rollout options: ${field} must be a whole number from ${min} to ${max}, got ${String(value)}`, { field });
  }
  return value;
}

/** Checks every option (InputError naming the field); a duration timeout shorter than the success timeout could never let a target succeed. */
export function checkRolloutOptions(options: RolloutOptions): RolloutOptions {
  if (typeof options !== 'object' || options === null) throw new InputError('rollout options must be an object', { field: 'options' });
  whole(options.batchPercent, 'batchPercent', 0, 100);
  whole(options.successPercent, 'successPercent', 0, 100);
  whole(options.successTimeoutSecs, 'successTimeoutSecs', 0, MAX_ROLLOUT_SECS);
  whole(options.durationTimeoutSecs, 'durationTimeoutSecs', 0, MAX_ROLLOUT_SECS);
  if (options.durationTimeoutSecs < options.successTimeoutSecs) {
    throw new InputError(
      `rollout options: durationTimeoutSecs (${options.durationTimeoutSecs}) is shorter than successTimeoutSecs (${options.successTimeoutSecs}): no target could ever succeed`,
      { field: 'durationTimeoutSecs' },
    );
  }
  if (options.steps !== null) {
    if (!Array.isArray(options.steps) || options.steps.length === 0 || options.steps.length > MAX_STEPS) {
      throw new InputError(`rollout options: steps must be null or a list of 1 to ${MAX_STEPS} batch sizes`, { field: 'steps' });
    }
    options.steps.forEach((size, i) => whole(size, `steps[${i}]`, 1, MAX_STEP_SIZE));
  }
  if (typeof options.pauseBetweenSteps !== 'boolean') throw new InputError('rollout options: pauseBetweenSteps must be true or false', { field: 'pauseBetweenSteps' });
  if (options.progressDeadlineSecs !== null) whole(options.progressDeadlineSecs, 'progressDeadlineSecs', 1, MAX_ROLLOUT_SECS);
  return options;
}

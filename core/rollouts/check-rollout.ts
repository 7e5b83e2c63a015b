import { InputError } from '../errors.js';
import { isValidInstant } from '../model/instant.js';
import type { Rollout, RolloutPhase } from './rollout.js';
import { checkRolloutKey, formatRolloutKey } from './rollout-key.js';
import { checkRolloutOptions } from './rollout-options.js';
import { checkRolloutText } from './rollout-text.js';

const PHASES: ReadonlySet<RolloutPhase> = new Set(['idle', 'progressing', 'paused', 'completed', 'rolling-back', 'rolled-back', 'failed']);

/** Most versions a rollout remembers as bad. */
export const MAX_BAD_VERSIONS = 10_000;

function count(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new InputError(`rollout: ${field} must be a whole number >= 0, got ${String(value)}`, { field });
}

function instantOrNull(value: unknown, field: string): void {
  if (value !== null && (typeof value !== 'number' || !isValidInstant(value))) throw new InputError(`rollout: ${field} must be whole epoch milliseconds or null`, { field });
}

/**
 * Checks a rollout holds known values and keeps its invariants (the last bad version is among the bad ones, the
 * good one is not); every stored rollout and every input of the pure step goes through it. InputError names the field.
 */
export function checkRollout(rollout: Rollout): Rollout {
  if (typeof rollout !== 'object' || rollout === null) throw new InputError('rollout must be an object', { field: 'rollout' });
  checkRolloutKey(rollout);
  const where = formatRolloutKey(rollout);
  for (const field of ['targetVersion', 'rollingVersion', 'lastKnownGoodVersion', 'lastKnownBadVersion'] as const) checkRolloutText(rollout[field], field, true);
  if (!Array.isArray(rollout.badVersions) || rollout.badVersions.length > MAX_BAD_VERSIONS) {
    throw new InputError(`rollout ${where}: badVersions must be a list of at most ${MAX_BAD_VERSIONS} versions`, { field: 'badVersions' });
  }
  rollout.badVersions.forEach((v, i) => checkRolloutText(v, `badVersions[${i}]`));
  if (rollout.lastKnownBadVersion !== '' && !rollout.badVersions.includes(rollout.lastKnownBadVersion)) {
    throw new InputError(`rollout ${where}: lastKnownBadVersion ${rollout.lastKnownBadVersion} is not among badVersions`, { field: 'lastKnownBadVersion' });
  }
  if (rollout.lastKnownGoodVersion !== '' && rollout.badVersions.includes(rollout.lastKnownGoodVersion)) {
    throw new InputError(`rollout ${where}: lastKnownGoodVersion ${rollout.lastKnownGoodVersion} is marked bad`, { field: 'lastKnownGoodVersion' });
  }
  checkRolloutOptions(rollout.options);
  if (!PHASES.has(rollout.phase)) throw new InputError(`rollout ${where}: unknown phase "${String(rollout.phase)}"`, { field: 'phase' });
  const pause = rollout.pause;
  if (pause !== null && (typeof pause !== 'object' || (pause.kind !== 'operator' && pause.kind !== 'step') || typeof pause.reason !== 'string' || pause.reason.length > 1000)) {
    throw new InputError(`rollout ${where}: pause must be null or { kind: operator|step, reason }`, { field: 'pause' });
  }
  count(rollout.step, 'step');
  count(rollout.stepsDone, 'stepsDone');
  if (rollout.stepsDone > rollout.step) throw new InputError(`rollout ${where}: stepsDone (${rollout.stepsDone}) is beyond step (${rollout.step})`, { field: 'stepsDone' });
  for (const field of ['advanceStep', 'fullPromotion'] as const) {
    if (typeof rollout[field] !== 'boolean') throw new InputError(`rollout ${where}: ${field} must be true or false`, { field });
  }
  instantOrNull(rollout.rollingSince, 'rollingSince');
  instantOrNull(rollout.progressAt, 'progressAt');
  if (typeof rollout.counts !== 'object' || rollout.counts === null) throw new InputError(`rollout ${where}: counts must be an object`, { field: 'counts' });
  for (const field of ['total', 'pending', 'succeeded', 'failed'] as const) count(rollout.counts[field], `counts.${field}`);
  count(rollout.revision, 'revision');
  if (!isValidInstant(rollout.createdAt)) throw new InputError(`rollout ${where}: createdAt must be whole epoch milliseconds`, { field: 'createdAt' });
  if (!isValidInstant(rollout.updatedAt)) throw new InputError(`rollout ${where}: updatedAt must be whole epoch milliseconds`, { field: 'updatedAt' });
  return rollout;
}

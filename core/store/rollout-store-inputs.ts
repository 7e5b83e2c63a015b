import { InputError } from '../errors.js';
import type { RolloutWrite } from '../ports/rollout-store.js';
import { checkRollout } from '../rollouts/check-rollout.js';
import { checkRolloutKey, checkRolloutName, type RolloutKey } from '../rollouts/rollout-key.js';
import { checkRolloutTarget } from '../rollouts/rollout-target.js';
import { checkRolloutText } from '../rollouts/rollout-text.js';

/** Checks a rollout key and an optional group filter, the same way in every RolloutStore. */
export function checkTargetQuery(key: RolloutKey, options: { group?: string } = {}): void {
  checkRolloutKey(key);
  if (options.group !== undefined) checkRolloutText(options.group, 'group', true);
}

/** Checks a namespace filter of a rollout list. */
export function checkRolloutList(options: { namespace?: string } = {}): void {
  if (options.namespace !== undefined) checkRolloutName(options.namespace, 'namespace');
}

/** Checks a step's write before any of it is written (every RolloutStore alike): rollout, revisions, targets, names. */
export function checkRolloutWrite(write: RolloutWrite): void {
  checkRollout(write.rollout);
  const expected = write.expectedRevision;
  if (!Number.isSafeInteger(expected) || expected < 0) throw new InputError(`store: expectedRevision must be a whole number >= 0, got ${expected}`, { field: 'expectedRevision' });
  if (write.rollout.revision !== expected + 1) {
    throw new InputError(`store: a rollout written over revision ${expected} must have revision ${expected + 1}, got ${write.rollout.revision}`, { field: 'revision' });
  }
  if (!Array.isArray(write.upserts) || !Array.isArray(write.removals)) throw new InputError('store: upserts and removals must be lists', { field: 'upserts' });
  const names = new Set<string>();
  for (const t of write.upserts) {
    checkRolloutTarget(t);
    if (names.has(t.name)) throw new InputError(`store: target ${t.name} is written twice`, { field: 'upserts' });
    names.add(t.name);
  }
  for (const name of write.removals) {
    checkRolloutText(name, 'removed target name');
    if (names.has(name)) throw new InputError(`store: target ${name} is both written and removed`, { field: 'removals' });
  }
}

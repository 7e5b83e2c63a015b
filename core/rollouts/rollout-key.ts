import { InputError } from '../errors.js';

/** Where a rollout lives: a namespace (prod, test, orc) isolating entities, and the entity whose targets roll together. */
export interface RolloutKey {
  readonly namespace: string;
  readonly entity: string;
}

/** Longest namespace or entity name. */
export const ROLLOUT_NAME_LENGTH = 128;

// Letters, digits and . _ : @ - (a cluster name like db-a.example:3306 fits); no slash, so it is one path segment.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;

/** Checks a namespace or entity name: 1 to 128 characters of letters, digits and . _ : @ -, starting with a letter or digit. */
export function checkRolloutName(value: unknown, field: 'namespace' | 'entity'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > ROLLOUT_NAME_LENGTH || !NAME.test(value)) {
    throw new InputError(`rollout ${field} "${String(value).slice(0, 200)}": expected 1 to ${ROLLOUT_NAME_LENGTH} letters, digits or . _ : @ - (starting with a letter or digit)`, {
      field,
    });
  }
  return value;
}

/** Checks both parts of a rollout key. */
export function checkRolloutKey(key: RolloutKey): RolloutKey {
  checkRolloutName(key?.namespace, 'namespace');
  checkRolloutName(key.entity, 'entity');
  return key;
}

/** "namespace/entity", for messages, audit targets and logs. */
export function formatRolloutKey(key: RolloutKey): string {
  return `${key.namespace}/${key.entity}`;
}

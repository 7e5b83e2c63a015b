import { InputError } from '../errors.js';

/** Longest target name, group or version (they are varchar(255) columns). */
export const ROLLOUT_TEXT_LENGTH = 255;

/** Longest message kept of a target's report; a longer one is cut, not refused (error texts run long). */
export const ROLLOUT_MESSAGE_LENGTH = 4000;

// eslint-disable-next-line no-control-regex
/** A control character (refused in names, groups and versions). */
export const CONTROL = /[\u0000-\u001f\u007f]/;

/** True when value is text checkRolloutText accepts (the fast path: no message is built). */
export function isRolloutText(value: unknown, allowEmpty = false): value is string {
  return typeof value === 'string' && (value.length > 0 || allowEmpty) && value.length <= ROLLOUT_TEXT_LENGTH && !CONTROL.test(value);
}

/**
 * Checks a target name, group or version: a string of at most 255 characters without control characters, and not
 * empty unless allowEmpty (a group may be ''); versions are case-sensitive and kept as given.
 */
export function checkRolloutText(value: unknown, field: string, allowEmpty = false): string {
  if (typeof value !== 'string') throw new InputError(`${field} must be a string, got ${value === null ? 'null' : typeof value}`, { field });
  if (value.length === 0 && !allowEmpty) throw new InputError(`${field} must not be empty`, { field });
  if (value.length > ROLLOUT_TEXT_LENGTH) throw new InputError(`${field} is longer than ${ROLLOUT_TEXT_LENGTH} characters`, { field });
  if (CONTROL.test(value)) throw new InputError(`${field} must not hold control characters`, { field });
  return value;
}

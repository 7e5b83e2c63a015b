import { InputError } from '../errors.js';

/** Longest reason an operator gives for a pause or an abort. */
export const MAX_REASON_LENGTH = 1000;

/** The operator's reason trimmed, or fallback when none is given; a reason that is no string or too long is an InputError. */
export function controlReason(reason: unknown, fallback: string): string {
  if (reason === undefined || reason === null) return fallback;
  if (typeof reason !== 'string' || reason.length > MAX_REASON_LENGTH) throw new InputError(`reason must be text of at most ${MAX_REASON_LENGTH} characters`, { field: 'reason' });
  return reason.trim() === '' ? fallback : reason.trim();
}

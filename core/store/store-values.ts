import { InputError, StoreError } from '../errors.js';
import type { InstanceKey } from '../model/instance-key.js';
import { isValidInstant } from '../model/instant.js';

/** Canonical host of a key column: host names are case-insensitive, and SQLite compares text case-sensitively. */
export function storedHost(host: string): string {
  return host.toLowerCase();
}

/** The key columns of an instance. */
export function keyColumns(key: InstanceKey): { host: string; port: number } {
  return { host: storedHost(key.host), port: key.port };
}

/**
 * Checks a time is whole epoch milliseconds (SQLite would silently store a fraction as REAL) that a Date can hold
 * (a row beyond that breaks every reader that shows it).
 */
export function epochMs(value: number, field: string): number {
  if (!isValidInstant(value)) throw new InputError(`store: ${field} must be whole epoch milliseconds a date can hold, got ${value}`, { field });
  return value;
}

/** Reads a BIGINT/INTEGER column as a JS number whichever driver produced it (number, bigint or numeric string). */
export function numberColumn(value: unknown, column: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'bigint' || typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new StoreError(`store: column ${column} holds ${String(value)}, not an integer`, { column });
  return n;
}

/** Longest error text kept per instance; probe errors are one line, a runaway message must not fail the write. */
export const MAX_ERROR_LENGTH = 4000;

/** Checks text fits a varchar(max) column, so MySQL (which refuses) and SQLite (which would not) agree. */
export function boundedText(value: string, max: number, field: string): string {
  if (value.length > max) throw new InputError(`store: ${field} is longer than ${max} characters`, { field, max });
  return value;
}

/** Checks a key or name column is non-empty text that fits varchar(max). */
export function keyText(value: string, max: number, field: string): string {
  if (value === '') throw new InputError(`store: ${field} must not be empty`, { field });
  return boundedText(value, max, field);
}

/** Checks a list limit is a positive whole number. */
export function positiveLimit(limit: number, what: string): number {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new InputError(`${what} limit must be a positive integer, got ${limit}`, { limit });
  return limit;
}

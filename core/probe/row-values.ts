import { OperationError } from '../errors.js';

/** A result row as mysql2 returns it: column name to number, string, bigint, Buffer or null. */
export type ServerRow = Readonly<Record<string, unknown>>;

/** The value of a column that must be present; a missing column means the wrong statement or flavor. */
export function columnValue(row: ServerRow, column: string, what: string): unknown {
  if (!(column in row)) {
    throw new OperationError(`${what}: the server's row has no column "${column}"`, { column, reason: 'bad_output' });
  }
  return row[column];
}

/** Text of a value ('' for null). */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

/** Integer of a value, or null for null, '' and anything that is not an integer. */
export function asIntOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value === 'bigint') return Number(value);
  const text = asText(value).trim();
  return /^-?\d+$/.test(text) ? Number(text) : null;
}

/** Integer of a value, `fallback` when null or not a number. */
export function asInt(value: unknown, fallback = 0): number {
  return asIntOrNull(value) ?? fallback;
}

/** Boolean of 1/0, ON/OFF, YES/NO, TRUE/FALSE (case-insensitive); null for NULL or anything else. */
export function asBoolOrNull(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  const text = asText(value).trim().toUpperCase();
  if (['1', 'ON', 'YES', 'TRUE'].includes(text)) return true;
  if (['0', 'OFF', 'NO', 'FALSE'].includes(text)) return false;
  return null;
}

/** GTID text with the whitespace and newlines servers put between entries removed. */
export function asGtidText(value: unknown): string {
  return asText(value).replace(/\s+/g, '');
}

/** Milliseconds of a decimal number of seconds ("0.500", 30, "30.000"), or null for null and anything else. */
export function secondsAsMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'number' ? String(value) : asText(value).trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text) * 1000);
}

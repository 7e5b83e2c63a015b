import { InputError } from '../../errors.js';

/** What orc measures on a changed server after its batch: replication running, lag at most maxLagSecs, no new error, an optional query. */
export interface FleetGates {
  readonly maxLagSecs: number;
  /** A SELECT whose first column must be truthy on every changed server; null: none. */
  readonly query: string | null;
}

/** A server's replication error numbers before it was changed: an error already there is not a new one. */
export interface ErrnoBaseline {
  readonly io: number;
  readonly sql: number;
}

/** What one server's gates read: its replication channel (null: it replicates from nobody), and the custom query's first value. */
export interface GateReading {
  readonly replication: {
    readonly ioRunning: boolean;
    readonly sqlRunning: boolean;
    readonly lagSeconds: number | null;
    readonly lastIoErrno: number;
    readonly lastSqlErrno: number;
    readonly lastIoError: string;
    readonly lastSqlError: string;
  } | null;
  /** undefined: no query configured; else the first column of the first row (null when no row). */
  readonly queryValue?: unknown;
  /** The query failed to run: the gate fails with this text. */
  readonly queryError?: string;
}

/** A gate verdict: passed, or the failures in one line. */
export interface GateVerdict {
  readonly passed: boolean;
  readonly message: string;
}

/** Longest gate query accepted. */
export const MAX_GATE_QUERY = 4000;

/** Checks the gates (InputError naming the field): a whole lag bound, a single SELECT without control characters. */
export function checkFleetGates(gates: FleetGates): FleetGates {
  if (!Number.isSafeInteger(gates.maxLagSecs) || gates.maxLagSecs < 0 || gates.maxLagSecs > 86_400) {
    throw new InputError(`--max-lag must be whole seconds from 0 to 86400, got ${String(gates.maxLagSecs)}`, { field: 'maxLag' });
  }
  if (gates.query !== null) {
    // eslint-disable-next-line no-control-regex
    if (typeof gates.query !== 'string' || gates.query.length > MAX_GATE_QUERY || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(gates.query) || !/^\s*select\s/i.test(gates.query)) {
      throw new InputError(`--gate-query must be one SELECT of at most ${MAX_GATE_QUERY} characters`, { field: 'gateQuery' });
    }
  }
  return gates;
}

/** True for a first column that counts as passing: not null, not zero, not empty, not "0". */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  if (typeof value === 'boolean') return value;
  const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  return text !== '' && Number(text) !== 0;
}

/** Judges one changed server's gates (pure): every failing gate is named in the message. */
export function judgeGates(gates: FleetGates, reading: GateReading, baseline: ErrnoBaseline | null): GateVerdict {
  const failures: string[] = [];
  const r = reading.replication;
  if (r !== null) {
    if (!r.ioRunning) failures.push('replication IO thread not running');
    if (!r.sqlRunning) failures.push('replication SQL thread not running');
    if (r.lagSeconds === null) {
      if (r.ioRunning && r.sqlRunning) failures.push('lag unknown');
    } else if (r.lagSeconds > gates.maxLagSecs) failures.push(`lag ${r.lagSeconds} s over ${gates.maxLagSecs} s`);
    if (r.lastSqlErrno !== 0 && r.lastSqlErrno !== baseline?.sql) failures.push(`new SQL error ${r.lastSqlErrno}: ${r.lastSqlError.slice(0, 200)}`);
    if (r.lastIoErrno !== 0 && r.lastIoErrno !== baseline?.io) failures.push(`new IO error ${r.lastIoErrno}: ${r.lastIoError.slice(0, 200)}`);
  }
  if (reading.queryError !== undefined) failures.push(`gate query failed: ${reading.queryError.slice(0, 200)}`);
  else if (gates.query !== null && !isTruthy(reading.queryValue)) failures.push(`gate query returned ${JSON.stringify(String(reading.queryValue ?? 'no row')).slice(0, 60)}`);
  return failures.length === 0 ? { passed: true, message: '' } : { passed: false, message: failures.join('; ') };
}

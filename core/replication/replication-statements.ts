import { format } from 'mysql2';
import { InputError } from '../errors.js';
import type { FlavorCapabilities, GtidStart } from '../model/flavor-capabilities.js';
import { parseMariadbPosition } from '../model/gtid/mariadb-gtid-position.js';
import { parseMysqlGtidSet } from '../model/gtid/mysql-gtid-set.js';

/** Settings of a CHANGE MASTER TO / CHANGE REPLICATION SOURCE TO statement. */
export interface ChangeSourceOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** MariaDB: MASTER_USE_GTID ("auto" means slave_pos). MySQL: every value means SOURCE_AUTO_POSITION=1. */
  readonly useGtid: GtidStart;
  readonly connectRetry?: number;
  readonly heartbeatPeriod?: number;
}

/** Replication statements for one capability row; every value is escaped by mysql2's format. */
export interface ReplicationStatements {
  stopReplica(): string;
  startReplica(): string;
  resetReplicaAll(): string;
  changeSource(options: ChangeSourceOptions): string;
  /** MariaDB read_only; MySQL super_read_only=ON to fence (it implies read_only), read_only=OFF to open (clears both). */
  setReadOnly(on: boolean): string;
  /** A SELECT whose `result` column is 0 once the GTID state is executed, non-zero on timeout. */
  waitForGtid(gtid: string, timeoutSeconds: number): string;
  /** The statements, in order, that give a freshly seeded server its source's GTID position (MariaDB gtid_slave_pos, MySQL gtid_purged). */
  setReplicaGtidPosition(gtid: string): string[];
}

function requireNumber(field: string, value: number, min: number, max: number, integer: boolean): number {
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new InputError(`${field} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${value}`, { field });
  }
  return value;
}

function requireText(field: string, value: string, allowEmpty: boolean): string {
  if (typeof value !== 'string' || (!allowEmpty && value === '') || value.includes('\0')) {
    throw new InputError(`${field} must be a ${allowEmpty ? '' : 'non-empty '}string without NUL bytes`, { field });
  }
  return value;
}

/** Builds the replication statements recovery runs, in the syntax of the server's capability row. */
export function replicationStatements(caps: FlavorCapabilities): ReplicationStatements {
  const { statement, prefix, gtid, publicKey } = caps.changeSource;
  // Throws InputError unless the text is a GTID state in the flavor's own notation.
  const checkGtid = (text: string): void => {
    if (caps.flavor === 'mariadb') parseMariadbPosition(text);
    else parseMysqlGtidSet(text);
  };
  return Object.freeze({
    stopReplica: () => caps.stopReplica,
    startReplica: () => caps.startReplica,
    resetReplicaAll: () => caps.resetReplicaAll,
    changeSource: (o: ChangeSourceOptions): string => {
      const parts: string[] = [];
      const values: (string | number)[] = [];
      const add = (option: string, value: string | number): void => {
        parts.push(`${prefix}${option} = ?`);
        values.push(value);
      };
      add('HOST', requireText('host', o.host, false));
      add('PORT', requireNumber('port', o.port, 1, 65535, true));
      add('USER', requireText('user', o.user, false));
      add('PASSWORD', requireText('password', o.password, true));
      if (!['slave_pos', 'current_pos', 'auto'].includes(o.useGtid)) {
        throw new InputError(`useGtid must be slave_pos, current_pos or auto, got "${String(o.useGtid)}"`, { field: 'useGtid' });
      }
      // Keywords, not values: chosen from a closed set above, so they are safe to write as-is.
      parts.push(gtid === 'use_gtid' ? `MASTER_USE_GTID = ${o.useGtid === 'auto' ? 'slave_pos' : o.useGtid}` : `${prefix}AUTO_POSITION = 1`);
      if (o.connectRetry !== undefined) add('CONNECT_RETRY', requireNumber('connectRetry', o.connectRetry, 1, 31_536_000, true));
      if (o.heartbeatPeriod !== undefined) add('HEARTBEAT_PERIOD', requireNumber('heartbeatPeriod', o.heartbeatPeriod, 0, 4_294_967, false));
      // Harmless with TLS or other auth plugins; without it a caching_sha2_password account cannot log in over plain TCP.
      if (publicKey !== null) parts.push(`${publicKey} = 1`);
      return format(`${statement} ${parts.join(', ')}`, values);
    },
    setReadOnly: (on: boolean): string =>
      on ? `SET GLOBAL ${caps.fenceVariable} = ON` : 'SET GLOBAL read_only = OFF',
    waitForGtid: (gtidText: string, timeoutSeconds: number): string => {
      checkGtid(gtidText);
      requireNumber('timeoutSeconds', timeoutSeconds, 0, 31_536_000, false);
      return format(`SELECT ${caps.waitForGtidFunction}(?, ?) AS result`, [gtidText.trim(), timeoutSeconds]);
    },
    setReplicaGtidPosition: (gtidText: string): string[] => {
      checkGtid(gtidText);
      if (gtidText.trim() === '') throw new InputError('a seeded server needs a non-empty GTID position', { field: 'gtid' });
      // The variable is a keyword of the capability row (a closed set), not a value.
      return [...caps.seedPosition.before, format(`SET GLOBAL ${caps.seedPosition.variable} = ?`, [gtidText.trim()])];
    },
  });
}

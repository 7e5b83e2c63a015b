import type { FlavorCapabilities } from '../model/flavor-capabilities.js';
import type { GtidUsage, IoThreadState, ReplicationStatus } from '../model/instance.js';
import { asGtidText, asInt, asIntOrNull, asText, columnValue, secondsAsMs, type ServerRow } from './row-values.js';

const RELAY_LOG_DRAINED = /has read all relay log/i;

function ioStateOf(value: string): IoThreadState {
  const text = value.trim().toLowerCase();
  if (text === 'yes') return 'yes';
  // MariaDB shows "Preparing" while the IO thread starts and has not connected yet.
  if (text === 'connecting' || text === 'preparing') return 'connecting';
  return 'no';
}

function gtidUsageOf(caps: FlavorCapabilities, value: unknown): GtidUsage {
  if (caps.flavor === 'mysql') return asInt(value) === 1 ? 'auto_position' : 'no';
  const text = asText(value).trim().toLowerCase();
  return text === 'slave_pos' ? 'slave_pos' : text === 'current_pos' ? 'current_pos' : 'no';
}

/**
 * Turns one row of the flavor's replica status statement into a ReplicationStatus. Lag is null whenever the SQL
 * thread is not running or the IO thread is not connected (null means broken, never zero); the relay log counts as
 * applied when the SQL thread says it has read all of it, or when it executed up to where the IO thread read.
 */
export function parseReplicaStatusRow(caps: FlavorCapabilities, row: ServerRow): ReplicationStatus {
  const c = caps.replicaStatus.columns;
  const what = caps.replicaStatus.statement;
  const get = (column: string): unknown => columnValue(row, column, what);
  const ioState = ioStateOf(asText(get(c.ioRunning)));
  const sqlRunning = asText(get(c.sqlRunning)).trim().toLowerCase() === 'yes';
  const sourceLogFile = asText(get(c.sourceLogFile));
  const relaySourceLogFile = asText(get(c.relaySourceLogFile));
  const readSourceLogPos = asInt(get(c.readSourceLogPos));
  const execSourceLogPos = asInt(get(c.execSourceLogPos));
  const caughtUp = readSourceLogPos === execSourceLogPos && sourceLogFile === relaySourceLogFile;
  return Object.freeze({
    channel: asText(row[c.channel]),
    source: Object.freeze({ host: asText(get(c.sourceHost)), port: asInt(get(c.sourcePort)) }),
    sourceServerId: asIntOrNull(get(c.sourceServerId)) || null,
    sourceUuid: c.sourceUuid === null ? null : asText(get(c.sourceUuid)) || null,
    ioState,
    sqlRunning,
    lagSeconds: sqlRunning && ioState === 'yes' ? asIntOrNull(get(c.secondsBehind)) : null,
    lastIoErrno: asInt(get(c.lastIoErrno)),
    lastIoError: asText(get(c.lastIoError)),
    lastSqlErrno: asInt(get(c.lastSqlErrno)),
    lastSqlError: asText(get(c.lastSqlError)),
    gtidUsage: gtidUsageOf(caps, get(c.gtidUsage)),
    retrievedGtid: asGtidText(get(c.retrievedGtid)),
    sqlDelaySeconds: asInt(get(c.sqlDelay)),
    relayLogApplied: RELAY_LOG_DRAINED.test(asText(get(c.sqlRunningState))) || caughtUp,
    sourceLogFile,
    readSourceLogPos,
    execSourceLogPos,
    heartbeatsReceived: c.heartbeatsReceived === null ? null : asIntOrNull(row[c.heartbeatsReceived]),
    heartbeatPeriodMs: c.heartbeatPeriod === null ? null : secondsAsMs(row[c.heartbeatPeriod]),
    // No flavor's replica status row says when the last heartbeat came; MySQL's comes from performance_schema.
    lastHeartbeatAt: null,
  });
}

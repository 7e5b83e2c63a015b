import type { ChannelHeartbeatStatements } from '../model/flavor-capabilities.js';
import type { ReplicationStatus } from '../model/instance.js';
import { asIntOrNull, asText, columnValue, secondsAsMs, type ServerRow } from './row-values.js';

/** Epoch ms of a Unix-seconds value ("1702291951.123456"); null for NULL and for 0 (no heartbeat yet). */
function epochMs(value: unknown): number | null {
  const ms = secondsAsMs(value);
  return ms === null || ms === 0 ? null : ms;
}

/**
 * Fills each channel's heartbeat fields from the heartbeat tables' rows of the same CHANNEL_NAME (MySQL
 * performance_schema). A channel without a row keeps what it had (null): performance_schema off or still empty is
 * "unknown", never an error; rows of channels the replica status does not list (group replication) are ignored.
 */
export function mergeChannelHeartbeats(
  statements: ChannelHeartbeatStatements,
  channels: readonly ReplicationStatus[],
  statusRows: readonly ServerRow[],
  configurationRows: readonly ServerRow[],
): ReplicationStatus[] {
  const { status, configuration } = statements;
  const byChannel = (rows: readonly ServerRow[], column: string, what: string): Map<string, ServerRow> =>
    new Map(rows.map((row) => [asText(columnValue(row, column, what)), row]));
  const statusOf = byChannel(statusRows, status.channel, status.statement);
  const configurationOf = byChannel(configurationRows, configuration.channel, configuration.statement);
  return channels.map((channel) => {
    const s = statusOf.get(channel.channel);
    const c = configurationOf.get(channel.channel);
    if (!s && !c) return channel;
    return Object.freeze({
      ...channel,
      heartbeatsReceived: s ? asIntOrNull(columnValue(s, status.received, status.statement)) : channel.heartbeatsReceived,
      lastHeartbeatAt: s ? epochMs(columnValue(s, status.lastEpochSeconds, status.statement)) : channel.lastHeartbeatAt,
      heartbeatPeriodMs: c ? secondsAsMs(columnValue(c, configuration.period, configuration.statement)) : channel.heartbeatPeriodMs,
    });
  });
}

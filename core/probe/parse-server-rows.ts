import { parseServerVersion, type FlavorCapabilities } from '../model/flavor-capabilities.js';
import type { InstanceKey } from '../model/instance-key.js';
import type { GtidState, InstanceFacts, SemiSyncState } from '../model/instance.js';
import { asBoolOrNull, asGtidText, asInt, asIntOrNull, asText, columnValue, type ServerRow } from './row-values.js';

/** The facts one variables row gives: everything but key, replication, replicas, binlog coordinates and timing. */
export type VariableFacts = Pick<
  InstanceFacts,
  | 'flavor' | 'version' | 'majorVersion' | 'serverId' | 'serverUuid' | 'readOnly' | 'superReadOnly' | 'logBin'
  | 'logReplicaUpdates' | 'binlogFormat' | 'gtid' | 'semiSync' | 'uptimeSeconds'
>;

/**
 * Turns the row of the capability row's variables SELECT, plus the rows of its SHOW GLOBAL STATUS (Variable_name,
 * Value), into facts.
 */
export function parseVariablesRow(caps: FlavorCapabilities, row: ServerRow, statusRows: readonly ServerRow[]): VariableFacts {
  const get = (alias: string): unknown => columnValue(row, alias, 'variables SELECT');
  const status = new Map<string, unknown>();
  for (const s of statusRows) {
    status.set(asText(columnValue(s, 'Variable_name', caps.globalStatus.statement)).toLowerCase(), columnValue(s, 'Value', caps.globalStatus.statement));
  }
  const statusOf = (names: readonly string[]): unknown => names.map((n) => status.get(n.toLowerCase())).find((v) => v !== undefined) ?? null;
  const version = asText(get('version'));
  const mode = caps.flavor === 'mariadb' ? 'ON' : asText(get('gtid_mode')).toUpperCase();
  const executed = asGtidText(get('gtid_executed'));
  const gtid: GtidState = Object.freeze({
    enabled: caps.flavor === 'mariadb' || mode === 'ON',
    executed,
    binlogPos: asGtidText(get('gtid_binlog_pos')),
    binlogState: asGtidText(get('gtid_binlog_state')),
    replicaPos: asGtidText(get('gtid_replica_pos')),
    domainId: asIntOrNull(get('gtid_domain_id')),
    strict: asBoolOrNull(get('gtid_strict')) ?? false,
    mode,
  });
  return Object.freeze({
    flavor: caps.flavor,
    version,
    majorVersion: parseServerVersion(version).majorText,
    serverId: asInt(get('server_id')),
    serverUuid: asText(get('server_uuid')) || null,
    readOnly: asBoolOrNull(get('read_only')) ?? false,
    superReadOnly: asBoolOrNull(get('super_read_only')),
    logBin: asBoolOrNull(get('log_bin')) ?? false,
    logReplicaUpdates: asBoolOrNull(get('log_replica_updates')) ?? false,
    binlogFormat: asText(get('binlog_format')),
    gtid,
    semiSync: parseSemiSync(get, statusOf(caps.globalStatus.semiSyncClients), statusOf(caps.globalStatus.semiSyncStatus)),
    uptimeSeconds: asInt(statusOf([caps.globalStatus.uptime])),
  });
}

function parseSemiSync(get: (alias: string) => unknown, clients: unknown, statusOn: unknown): SemiSyncState | null {
  const sourceEnabled = asBoolOrNull(get('semi_sync_source_enabled'));
  const replicaEnabled = asBoolOrNull(get('semi_sync_replica_enabled'));
  // Both NULL: the semi-sync plugin is not loaded (MySQL).
  if (sourceEnabled === null && replicaEnabled === null) return null;
  return Object.freeze({
    sourceEnabled: sourceEnabled ?? false,
    replicaEnabled: replicaEnabled ?? false,
    sourceClients: asInt(clients),
    waitForReplicaCount: asInt(get('semi_sync_wait_count'), 1),
    sourceStatusOn: asBoolOrNull(statusOn) ?? false,
  });
}

/**
 * Direct replicas from SHOW SLAVE HOSTS / SHOW REPLICAS, by report_host and report_port. Rows without a host or
 * with port 0 (report_port unset) cannot be addressed and are left out.
 */
export function parseReplicaHostRows(caps: FlavorCapabilities, rows: readonly ServerRow[]): InstanceKey[] {
  const keys: InstanceKey[] = [];
  for (const row of rows) {
    const host = asText(columnValue(row, caps.replicas.host, caps.replicas.statement)).trim();
    const port = asInt(columnValue(row, caps.replicas.port, caps.replicas.statement));
    if (host !== '' && port > 0 && port <= 65535) keys.push(Object.freeze({ host, port }));
  }
  return keys.sort((a, b) => (a.host === b.host ? a.port - b.port : a.host < b.host ? -1 : 1));
}

/** Current binlog file and position from SHOW MASTER STATUS / SHOW BINARY LOG STATUS (nulls when log_bin is off). */
export function parseBinlogStatusRows(
  caps: FlavorCapabilities,
  rows: readonly ServerRow[],
): { binlogFile: string | null; binlogPosition: number | null } {
  const row = rows[0];
  if (!row) return { binlogFile: null, binlogPosition: null };
  return {
    binlogFile: asText(columnValue(row, caps.binlogStatus.file, caps.binlogStatus.statement)) || null,
    binlogPosition: asIntOrNull(columnValue(row, caps.binlogStatus.position, caps.binlogStatus.statement)),
  };
}

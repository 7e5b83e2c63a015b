import type { InstanceFacts, InstanceRecord, ReplicationStatus } from '../../core/model/instance.js';
import { parseInstanceKey, type InstanceKey } from '../../core/model/instance-key.js';

/** Healthy MariaDB replica channel pointing at source; override any field. */
export function makeChannel(source: string, overrides: Partial<ReplicationStatus> = {}): ReplicationStatus {
  return {
    channel: '',
    source: parseInstanceKey(source),
    sourceServerId: 1,
    sourceUuid: null,
    ioState: 'yes',
    sqlRunning: true,
    lagSeconds: 0,
    lastIoErrno: 0,
    lastIoError: '',
    lastSqlErrno: 0,
    lastSqlError: '',
    gtidUsage: 'slave_pos',
    retrievedGtid: '0-1-100',
    sqlDelaySeconds: 0,
    relayLogApplied: true,
    sourceLogFile: 'mariadb-bin.000001',
    readSourceLogPos: 1000,
    execSourceLogPos: 1000,
    heartbeatsReceived: 10,
    heartbeatPeriodMs: 1000,
    lastHeartbeatAt: null,
    ...overrides,
  };
}

/** Facts of a healthy MariaDB 10.11 server; `source` makes it a replica, `replicas` lists what it reports. */
export function makeFacts(
  key: string,
  options: { source?: string; replicas?: string[]; serverId?: number; at?: number; channel?: Partial<ReplicationStatus> } & Partial<Omit<InstanceFacts, 'replicas'>> = {},
): InstanceFacts {
  const { source, replicas = [], serverId = 1, at = 1_000_000, channel, ...rest } = options;
  return {
    key: parseInstanceKey(key),
    flavor: 'mariadb',
    version: '10.11.19-MariaDB-0+deb12u1-log',
    majorVersion: '10.11',
    serverId,
    serverUuid: null,
    readOnly: source !== undefined,
    superReadOnly: null,
    logBin: true,
    logReplicaUpdates: true,
    binlogFormat: 'ROW',
    binlogFile: 'mariadb-bin.000001',
    binlogPosition: 1000,
    gtid: { enabled: true, executed: '0-1-100', binlogPos: '0-1-100', replicaPos: '0-1-100', domainId: 0, strict: true, mode: 'ON' },
    replication: source ? [makeChannel(source, channel)] : [],
    replicas: replicas.map(parseInstanceKey),
    replicaHints: { dumpHosts: [], unnamedPorts: [] },
    semiSync: null,
    uptimeSeconds: 100,
    observedAt: at,
    probeMillis: 2,
    ...rest,
  };
}

/** A stored record wrapping facts (reachable) or, with facts null, a never-reached instance. */
export function makeRecord(
  key: string | InstanceKey,
  facts: InstanceFacts | null,
  options: Partial<InstanceRecord> = {},
): InstanceRecord {
  const k = typeof key === 'string' ? parseInstanceKey(key) : key;
  const at = facts?.observedAt ?? 1_000_000;
  return {
    key: k,
    clusterName: options.clusterName ?? '127.0.0.1:3306',
    facts,
    reachable: facts !== null,
    lastCheckedAt: at,
    lastSeenAt: facts ? at : null,
    lastError: facts ? null : 'orc_unreachable: connect ECONNREFUSED',
    firstSeenAt: at,
    ...options,
  };
}

import type { AuditEntry, InstanceFacts } from '../../core/model/instance.js';
import type { InstanceKey } from '../../core/model/instance-key.js';

/** Facts of a MariaDB replica of source, as a probe would report them, observed at observedAt. */
export function replicaFacts(key: InstanceKey, source: InstanceKey, observedAt: number): InstanceFacts {
  return {
    key,
    flavor: 'mariadb',
    version: '10.11.19-MariaDB-0+deb12u1-log',
    majorVersion: '10.11',
    serverId: key.port,
    serverUuid: null,
    readOnly: true,
    superReadOnly: null,
    logBin: true,
    logReplicaUpdates: true,
    binlogFormat: 'ROW',
    binlogFile: 'mariadb-bin.000002',
    binlogPosition: 4_294_967_301,
    gtid: {
      enabled: true,
      executed: '0-1-42,1-7-3',
      binlogPos: '0-1-42',
      replicaPos: '0-1-42',
      domainId: 0,
      strict: true,
      mode: 'ON',
    },
    replication: [
      {
        channel: '',
        source,
        sourceServerId: source.port,
        sourceUuid: null,
        ioState: 'yes',
        sqlRunning: true,
        lagSeconds: null,
        lastIoErrno: 0,
        lastIoError: '',
        lastSqlErrno: 1950,
        lastSqlError: "An attempt was made to binlog GTID 0-1-43 \"quoted\" — ünïcode ✓",
        gtidUsage: 'slave_pos',
        retrievedGtid: '0-1-42',
        sqlDelaySeconds: 0,
        relayLogApplied: true,
        sourceLogFile: 'mariadb-bin.000002',
        readSourceLogPos: 1234,
        execSourceLogPos: 1234,
        heartbeatsReceived: 17,
        heartbeatPeriodMs: 1000,
        lastHeartbeatAt: 1_700_000_000_250,
      },
    ],
    replicas: [{ host: 'replica-b.example', port: 3307 }],
    replicaHints: { dumpHosts: ['10.0.0.8'], unnamedPorts: [3308] },
    semiSync: null,
    uptimeSeconds: 86_400,
    observedAt,
    probeMillis: 3.25,
  };
}

/** Facts of a primary (no replication channel) observed at observedAt. */
export function primaryFacts(key: InstanceKey, observedAt: number): InstanceFacts {
  return {
    ...replicaFacts(key, key, observedAt),
    readOnly: false,
    replication: [],
    replicas: [],
    semiSync: { sourceEnabled: true, replicaEnabled: false, sourceClients: 2, waitForReplicaCount: 1, sourceStatusOn: true },
  };
}

/** An audit entry with the given id and time; the rest can be overridden. */
export function auditEntry(id: string, at: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    at,
    actor: 'cli:alice',
    action: 'relocate',
    target: 'db-b.example:3306',
    cluster: 'db-a.example:3306',
    detail: '{"below":"db-c.example:3306"}',
    outcome: 'ok',
    ...overrides,
  };
}

import type { InstanceKey } from './instance-key.js';

/** Server family; selects a row of the capability table. */
export type Flavor = 'mariadb' | 'mysql';

/** State of the replica IO thread as the server reports it. */
export type IoThreadState = 'yes' | 'connecting' | 'no';

/** How a replica positions itself on its source. */
export type GtidUsage = 'no' | 'slave_pos' | 'current_pos' | 'auto_position';

/** One replication channel of a replica, normalized across flavors. */
export interface ReplicationStatus {
  readonly channel: string;
  readonly source: InstanceKey;
  readonly sourceServerId: number | null;
  readonly sourceUuid: string | null;
  readonly ioState: IoThreadState;
  readonly sqlRunning: boolean;
  /** Seconds behind the source; null when the SQL or IO thread is not running (broken, not zero). */
  readonly lagSeconds: number | null;
  readonly lastIoErrno: number;
  readonly lastIoError: string;
  readonly lastSqlErrno: number;
  readonly lastSqlError: string;
  readonly gtidUsage: GtidUsage;
  /** GTIDs received from the source (MariaDB Gtid_IO_Pos, MySQL Retrieved_Gtid_Set). */
  readonly retrievedGtid: string;
  readonly sqlDelaySeconds: number;
  /** Relay log fully applied (SQL thread caught up with the IO thread). */
  readonly relayLogApplied: boolean;
  readonly sourceLogFile: string;
  readonly readSourceLogPos: number;
  readonly execSourceLogPos: number;
  /**
   * Heartbeats received on this channel (MariaDB Slave_received_heartbeats, MySQL performance_schema
   * COUNT_RECEIVED_HEARTBEATS); null when the server does not say (MySQL with performance_schema off).
   */
  readonly heartbeatsReceived: number | null;
  /**
   * The channel's heartbeat period in ms (MariaDB Slave_heartbeat_period, MySQL HEARTBEAT_INTERVAL): an idle source
   * sends one heartbeat per period, so the receive stream may stand still that long on a healthy channel; 0 =
   * heartbeats off; null = unknown.
   */
  readonly heartbeatPeriodMs: number | null;
  /**
   * Epoch ms of the last heartbeat by the replica's clock (MySQL LAST_HEARTBEAT_TIMESTAMP); null when none arrived
   * yet or the server does not say (MariaDB).
   */
  readonly lastHeartbeatAt: number | null;
}

/**
 * What a server shows of its replicas besides SHOW SLAVE HOSTS names: discovery probes the candidates these give to
 * find replicas that did not report a reachable host (report_host unset on MySQL, wrong, or unresolvable).
 */
export interface ReplicaHints {
  /** Client host of each binlog dump thread (its ephemeral port removed), one entry per connected replica. */
  readonly dumpHosts: readonly string[];
  /** Ports of the SHOW SLAVE HOSTS / SHOW REPLICAS rows that name no host. */
  readonly unnamedPorts: readonly number[];
}

/** GTID state of a server in its flavor's own notation (parse with core/model/gtid). */
export interface GtidState {
  /** True when the server runs with GTIDs (MariaDB always; MySQL when gtid_mode=ON). */
  readonly enabled: boolean;
  /** Everything executed: MariaDB @@gtid_current_pos, MySQL @@gtid_executed. */
  readonly executed: string;
  /** MariaDB @@gtid_binlog_pos (what this server's binlog holds); MySQL: same as executed. */
  readonly binlogPos: string;
  /**
   * MariaDB @@gtid_binlog_state (the last GTID of every domain and server_id its binlog holds); MySQL: same as
   * executed. Absent in facts stored by an older orc.
   */
  readonly binlogState?: string;
  /** MariaDB @@gtid_slave_pos; MySQL: empty. */
  readonly replicaPos: string;
  /** MariaDB @@gtid_domain_id; MySQL null. */
  readonly domainId: number | null;
  /** MariaDB gtid_strict_mode / MySQL enforce_gtid_consistency. */
  readonly strict: boolean;
  /** MySQL @@gtid_mode text (ON, OFF, ...); MariaDB "ON". */
  readonly mode: string;
}

/** Semi-synchronous replication state, when the plugin is present. */
export interface SemiSyncState {
  readonly sourceEnabled: boolean;
  readonly replicaEnabled: boolean;
  readonly sourceClients: number;
  readonly waitForReplicaCount: number;
  readonly sourceStatusOn: boolean;
}

/** Everything one successful probe learned about one server. */
export interface InstanceFacts {
  readonly key: InstanceKey;
  readonly flavor: Flavor;
  readonly version: string;
  /** "10.11", "8.0": the major version used for compatibility checks. */
  readonly majorVersion: string;
  readonly serverId: number;
  readonly serverUuid: string | null;
  readonly readOnly: boolean;
  readonly superReadOnly: boolean | null;
  readonly logBin: boolean;
  readonly logReplicaUpdates: boolean;
  readonly binlogFormat: string;
  readonly binlogFile: string | null;
  readonly binlogPosition: number | null;
  readonly gtid: GtidState;
  /** Replication channels; empty on a server that replicates from nobody. */
  readonly replication: readonly ReplicationStatus[];
  /** Direct replicas the server reports (SHOW SLAVE HOSTS / SHOW REPLICAS); not a liveness signal. */
  readonly replicas: readonly InstanceKey[];
  /** Leads to direct replicas `replicas` may miss, for discovery to confirm by probing them. */
  readonly replicaHints: ReplicaHints;
  readonly semiSync: SemiSyncState | null;
  readonly uptimeSeconds: number;
  /** Epoch ms at which the probe completed. */
  readonly observedAt: number;
  /** How long the probe took, in ms. */
  readonly probeMillis: number;
}

/** What orc knows about one instance: the last good facts plus the outcome of the latest probe. */
export interface InstanceRecord {
  readonly key: InstanceKey;
  /** Name of the cluster the instance belongs to (its root primary's host:port). */
  readonly clusterName: string;
  /** Facts from the most recent successful probe; null until the first success. */
  readonly facts: InstanceFacts | null;
  /** True when the latest probe succeeded. */
  readonly reachable: boolean;
  /** Epoch ms of the latest probe attempt. */
  readonly lastCheckedAt: number;
  /** Epoch ms of the latest successful probe; null when never reached. */
  readonly lastSeenAt: number | null;
  /** Error code and message of the latest failed probe; null after a success. */
  readonly lastError: string | null;
  readonly firstSeenAt: number;
}

/** A cluster as stored: named after its root primary, with an optional alias. */
export interface ClusterRecord {
  readonly name: string;
  readonly alias: string | null;
  readonly primary: InstanceKey;
  readonly updatedAt: number;
}

/** One audit log line: who did what to which target, and how it ended. */
export interface AuditEntry {
  readonly id: string;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly cluster: string | null;
  readonly detail: string;
  readonly outcome: 'ok' | 'refused' | 'failed';
}

/** The replication channel a replica follows (the default, unnamed one first). */
export function primaryChannel(facts: InstanceFacts): ReplicationStatus | null {
  return facts.replication.find((r) => r.channel === '') ?? facts.replication[0] ?? null;
}

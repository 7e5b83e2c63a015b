import { InputError } from '../errors.js';
import type { Flavor } from './instance.js';

/** Row of the capability table: MariaDB, or MySQL by version range. */
export type CapabilityProfile = 'mariadb' | 'mysql-5.7' | 'mysql-legacy' | 'mysql-8.0' | 'mysql-8.4';

/** Names the probe's single variables SELECT returns (each a column alias). */
export type ProbeVariable =
  | 'version' | 'version_comment' | 'server_id' | 'server_uuid' | 'read_only' | 'super_read_only' | 'log_bin'
  | 'log_replica_updates' | 'binlog_format' | 'gtid_executed' | 'gtid_binlog_pos' | 'gtid_replica_pos'
  | 'gtid_binlog_state' | 'gtid_domain_id' | 'gtid_strict' | 'gtid_mode' | 'semi_sync_source_enabled' | 'semi_sync_replica_enabled'
  | 'semi_sync_wait_count';

/** Column names of the replica status statement, per logical field (null: the flavor has no such column). */
export interface ReplicaStatusColumns {
  readonly channel: string;
  readonly ioRunning: string;
  readonly sqlRunning: string;
  readonly sqlRunningState: string;
  readonly sourceHost: string;
  readonly sourcePort: string;
  readonly sourceServerId: string;
  readonly sourceUuid: string | null;
  readonly secondsBehind: string;
  readonly lastIoErrno: string;
  readonly lastIoError: string;
  readonly lastSqlErrno: string;
  readonly lastSqlError: string;
  readonly gtidUsage: string;
  readonly retrievedGtid: string;
  readonly sqlDelay: string;
  readonly sourceLogFile: string;
  readonly readSourceLogPos: string;
  readonly relaySourceLogFile: string;
  readonly execSourceLogPos: string;
  readonly heartbeatsReceived: string | null;
  /** Heartbeat period in seconds (a decimal), where the statement reports it. */
  readonly heartbeatPeriod: string | null;
}

/**
 * Per-channel heartbeat facts a flavor's replica status statement lacks (MySQL: performance_schema), read in the
 * same probe round trip and merged into each channel by name. Both statements may return no rows (performance_schema
 * off, or not a replica): the fields are then unknown (null), never an error.
 */
export interface ChannelHeartbeatStatements {
  /** performance_schema.replication_connection_status: heartbeats received and when the last one arrived. */
  readonly status: {
    readonly statement: string;
    readonly channel: string;
    readonly received: string;
    /** The last heartbeat as Unix seconds (0 or NULL: none yet), converted by the server so no time zone applies. */
    readonly lastEpochSeconds: string;
  };
  /** performance_schema.replication_connection_configuration: the channel's heartbeat period in seconds. */
  readonly configuration: { readonly statement: string; readonly channel: string; readonly period: string };
}

/** Everything that differs between flavors and versions: statements, column names, variables, syntax words. */
export interface FlavorCapabilities {
  readonly profile: CapabilityProfile;
  readonly flavor: Flavor;
  /** Human description of the versions the row covers. */
  readonly versions: string;
  /** [alias, SQL expression] pairs of the one variables SELECT; absent variables are NULL or constants. */
  readonly variables: readonly (readonly [ProbeVariable, string])[];
  /** Variables this flavor lacks: selecting one fails with error 1193, so the SELECT above never names them. */
  readonly absentVariables: readonly string[];
  /** SHOW GLOBAL STATUS for uptime and semi-sync counters; rows are Variable_name/Value, names compared ignoring case. */
  readonly globalStatus: {
    readonly statement: string;
    readonly uptime: string;
    readonly semiSyncClients: readonly string[];
    readonly semiSyncStatus: readonly string[];
  };
  readonly replicaStatus: { readonly statement: string; readonly columns: ReplicaStatusColumns };
  /** Where heartbeat facts come from when replicaStatus has no such columns; null when it has them. */
  readonly channelHeartbeats: ChannelHeartbeatStatements | null;
  /** SHOW SLAVE HOSTS / SHOW REPLICAS: direct replicas by their report_host/report_port. */
  readonly replicas: { readonly statement: string; readonly host: 'Host'; readonly port: 'Port'; readonly serverId: 'Server_id' };
  /**
   * The server's binlog dump threads, one per connected replica, whose client host (ip:port) is the replica's
   * address whatever it reported; needs PROCESS to see other accounts' threads (without it: no rows, no error).
   */
  readonly binlogDumpThreads: { readonly statement: string; readonly host: string };
  readonly binlogStatus: { readonly statement: string; readonly file: 'File'; readonly position: 'Position' };
  readonly stopReplica: string;
  readonly startReplica: string;
  readonly resetReplicaAll: string;
  readonly changeSource: {
    readonly statement: string;
    readonly prefix: 'MASTER_' | 'SOURCE_';
    readonly gtid: 'use_gtid' | 'auto_position';
    /**
     * The option asking the source for its RSA public key, which a replication account using caching_sha2_password
     * needs to log in without TLS (MySQL 8.0.4+); null where the flavor has no such option.
     */
    readonly publicKey: 'GET_SOURCE_PUBLIC_KEY' | 'GET_MASTER_PUBLIC_KEY' | null;
  };
  /** The variable that fences every writer: MySQL super_read_only (implies read_only), MariaDB read_only. */
  readonly fenceVariable: 'read_only' | 'super_read_only';
  /** SQL function waiting for a GTID state; both return 0 when reached. */
  readonly waitForGtidFunction: 'MASTER_GTID_WAIT' | 'WAIT_FOR_EXECUTED_GTID_SET';
  /**
   * How a freshly seeded server learns where in its source's history the copy stands: the statements run first
   * (MariaDB stops replication, as gtid_slave_pos cannot change under a running replica; MySQL drops the copy's own
   * binary logs and GTID history, as gtid_purged is set on an empty gtid_executed), then the variable set to it.
   */
  readonly seedPosition: { readonly before: readonly string[]; readonly variable: 'gtid_slave_pos' | 'gtid_purged' };
}

const MARIADB_COLUMNS: ReplicaStatusColumns = {
  channel: 'Connection_name', ioRunning: 'Slave_IO_Running', sqlRunning: 'Slave_SQL_Running',
  sqlRunningState: 'Slave_SQL_Running_State', sourceHost: 'Master_Host', sourcePort: 'Master_Port',
  sourceServerId: 'Master_Server_Id', sourceUuid: null, secondsBehind: 'Seconds_Behind_Master',
  lastIoErrno: 'Last_IO_Errno', lastIoError: 'Last_IO_Error', lastSqlErrno: 'Last_SQL_Errno', lastSqlError: 'Last_SQL_Error',
  gtidUsage: 'Using_Gtid', retrievedGtid: 'Gtid_IO_Pos', sqlDelay: 'SQL_Delay', sourceLogFile: 'Master_Log_File',
  readSourceLogPos: 'Read_Master_Log_Pos', relaySourceLogFile: 'Relay_Master_Log_File',
  execSourceLogPos: 'Exec_Master_Log_Pos', heartbeatsReceived: 'Slave_received_heartbeats', heartbeatPeriod: 'Slave_heartbeat_period',
};

const MYSQL_LEGACY_COLUMNS: ReplicaStatusColumns = {
  ...MARIADB_COLUMNS,
  channel: 'Channel_Name', sourceUuid: 'Master_UUID', gtidUsage: 'Auto_Position', retrievedGtid: 'Retrieved_Gtid_Set',
  heartbeatsReceived: null, heartbeatPeriod: null,
};

const MYSQL_COLUMNS: ReplicaStatusColumns = {
  channel: 'Channel_Name', ioRunning: 'Replica_IO_Running', sqlRunning: 'Replica_SQL_Running',
  sqlRunningState: 'Replica_SQL_Running_State', sourceHost: 'Source_Host', sourcePort: 'Source_Port',
  sourceServerId: 'Source_Server_Id', sourceUuid: 'Source_UUID', secondsBehind: 'Seconds_Behind_Source',
  lastIoErrno: 'Last_IO_Errno', lastIoError: 'Last_IO_Error', lastSqlErrno: 'Last_SQL_Errno', lastSqlError: 'Last_SQL_Error',
  gtidUsage: 'Auto_Position', retrievedGtid: 'Retrieved_Gtid_Set', sqlDelay: 'SQL_Delay', sourceLogFile: 'Source_Log_File',
  readSourceLogPos: 'Read_Source_Log_Pos', relaySourceLogFile: 'Relay_Source_Log_File',
  execSourceLogPos: 'Exec_Source_Log_Pos', heartbeatsReceived: null, heartbeatPeriod: null,
};

const firstOf = (table: string, names: string[]): string =>
  `(SELECT VARIABLE_VALUE FROM ${table} WHERE VARIABLE_NAME IN (${names.map((n) => `'${n}'`).join(', ')}) LIMIT 1)`;

// Plain @@ reads cost ~0.02 ms each; every information_schema lookup scans a whole table (~0.4 ms on 10.11).
const MARIADB_VARIABLES: FlavorCapabilities['variables'] = [
  ['version', '@@version'], ['version_comment', '@@version_comment'], ['server_id', '@@server_id'],
  ['server_uuid', 'NULL'], ['read_only', '@@read_only'], ['super_read_only', 'NULL'], ['log_bin', '@@log_bin'],
  ['log_replica_updates', '@@log_slave_updates'], ['binlog_format', '@@binlog_format'],
  ['gtid_executed', '@@gtid_current_pos'], ['gtid_binlog_pos', '@@gtid_binlog_pos'], ['gtid_replica_pos', '@@gtid_slave_pos'],
  ['gtid_domain_id', '@@gtid_domain_id'], ['gtid_strict', '@@gtid_strict_mode'], ['gtid_mode', "'ON'"],
  // Semi-sync is built into MariaDB since 10.3 (the row's minimum), so its variables always exist.
  ['semi_sync_source_enabled', '@@rpl_semi_sync_master_enabled'],
  ['semi_sync_replica_enabled', '@@rpl_semi_sync_slave_enabled'],
  ['semi_sync_wait_count', '1'],
  // Every server_id's last GTID per domain: shows a replica's local write the primary has overtaken (errant GTIDs).
  ['gtid_binlog_state', '@@gtid_binlog_state'],
];

function mysqlVariables(logReplicaUpdates: string): FlavorCapabilities['variables'] {
  const vars = 'performance_schema.global_variables';
  return [
    ['version', '@@version'], ['version_comment', '@@version_comment'], ['server_id', '@@server_id'],
    ['server_uuid', '@@server_uuid'], ['read_only', '@@read_only'], ['super_read_only', '@@super_read_only'],
    ['log_bin', '@@log_bin'], ['log_replica_updates', logReplicaUpdates], ['binlog_format', '@@binlog_format'],
    ['gtid_executed', '@@gtid_executed'], ['gtid_binlog_pos', '@@gtid_executed'], ['gtid_replica_pos', "''"],
    ['gtid_domain_id', 'NULL'], ['gtid_strict', '@@enforce_gtid_consistency'], ['gtid_mode', '@@gtid_mode'],
    // Semi-sync is a plugin on MySQL (source/replica names from 8.0.26, master/slave before): NULL when not loaded,
    // where a plain @@ read would fail with 1193.
    ['semi_sync_source_enabled', firstOf(vars, ['rpl_semi_sync_source_enabled', 'rpl_semi_sync_master_enabled'])],
    ['semi_sync_replica_enabled', firstOf(vars, ['rpl_semi_sync_replica_enabled', 'rpl_semi_sync_slave_enabled'])],
    ['semi_sync_wait_count', firstOf(vars, ['rpl_semi_sync_source_wait_for_replica_count', 'rpl_semi_sync_master_wait_for_slave_count'])],
    ['gtid_binlog_state', '@@gtid_executed'],
  ];
}

const STATUS_NAMES = {
  uptime: 'Uptime',
  semiSyncClients: ['Rpl_semi_sync_source_clients', 'Rpl_semi_sync_master_clients'],
  semiSyncStatus: ['Rpl_semi_sync_source_status', 'Rpl_semi_sync_master_status'],
} as const;

/** One status read for uptime and semi-sync state (absent names are simply not returned). */
const GLOBAL_STATUS: FlavorCapabilities['globalStatus'] = {
  statement: `SHOW GLOBAL STATUS WHERE Variable_name IN (${[STATUS_NAMES.uptime, ...STATUS_NAMES.semiSyncClients, ...STATUS_NAMES.semiSyncStatus]
    .map((n) => `'${n}'`)
    .join(', ')})`,
  ...STATUS_NAMES,
};

const SHARED_REPLICAS = { host: 'Host', port: 'Port', serverId: 'Server_id' } as const;
const SHARED_BINLOG = { file: 'File', position: 'Position' } as const;

// MariaDB shows 'Binlog Dump' for every replica; MySQL 'Binlog Dump GTID' for one that uses auto-positioning.
// information_schema.PROCESSLIST is deprecated on MySQL 8 but, unlike performance_schema.processlist, works with
// performance_schema off.
const BINLOG_DUMP_THREADS: FlavorCapabilities['binlogDumpThreads'] = {
  statement: "SELECT HOST FROM information_schema.PROCESSLIST WHERE COMMAND IN ('Binlog Dump', 'Binlog Dump GTID')",
  host: 'HOST',
};

// The same tables and columns from MySQL 5.7 to 9.x; UNIX_TIMESTAMP turns the session-time-zone TIMESTAMP into
// epoch seconds on the server, which knows its zone.
const MYSQL_CHANNEL_HEARTBEATS: ChannelHeartbeatStatements = {
  status: {
    statement:
      'SELECT CHANNEL_NAME, COUNT_RECEIVED_HEARTBEATS, LAST_HEARTBEAT_TIMESTAMP, ' +
      'UNIX_TIMESTAMP(LAST_HEARTBEAT_TIMESTAMP) AS LAST_HEARTBEAT_EPOCH FROM performance_schema.replication_connection_status',
    channel: 'CHANNEL_NAME',
    received: 'COUNT_RECEIVED_HEARTBEATS',
    lastEpochSeconds: 'LAST_HEARTBEAT_EPOCH',
  },
  configuration: {
    statement: 'SELECT CHANNEL_NAME, HEARTBEAT_INTERVAL FROM performance_schema.replication_connection_configuration',
    channel: 'CHANNEL_NAME',
    period: 'HEARTBEAT_INTERVAL',
  },
};

const MYSQL_SLAVE_FORMS = {
  replicaStatus: { statement: 'SHOW SLAVE STATUS', columns: MYSQL_LEGACY_COLUMNS },
  replicas: { statement: 'SHOW SLAVE HOSTS', ...SHARED_REPLICAS },
  binlogStatus: { statement: 'SHOW MASTER STATUS', ...SHARED_BINLOG },
  stopReplica: 'STOP SLAVE', startReplica: 'START SLAVE', resetReplicaAll: 'RESET SLAVE ALL',
} as const;

const MYSQL_SEED_POSITION = { before: ['RESET MASTER'], variable: 'gtid_purged' } as const;

const MYSQL_SHARED = {
  absentVariables: [], globalStatus: GLOBAL_STATUS, channelHeartbeats: MYSQL_CHANNEL_HEARTBEATS,
  binlogDumpThreads: BINLOG_DUMP_THREADS, fenceVariable: 'super_read_only', waitForGtidFunction: 'WAIT_FOR_EXECUTED_GTID_SET',
} as const;

/** The one MySQL-vs-MariaDB capability table. */
export const FLAVOR_CAPABILITIES: Readonly<Record<CapabilityProfile, FlavorCapabilities>> = Object.freeze({
  mariadb: {
    profile: 'mariadb', flavor: 'mariadb', versions: 'MariaDB 10.3+ (semi-sync built in), 11.x',
    variables: MARIADB_VARIABLES,
    absentVariables: ['server_uuid', 'gtid_executed', 'gtid_mode', 'super_read_only'],
    globalStatus: GLOBAL_STATUS,
    // ALL SLAVES adds Connection_name, heartbeat counters and Gtid_Slave_Pos to the single-connection form.
    replicaStatus: { statement: 'SHOW ALL SLAVES STATUS', columns: MARIADB_COLUMNS },
    channelHeartbeats: null,
    replicas: { statement: 'SHOW SLAVE HOSTS', ...SHARED_REPLICAS },
    binlogDumpThreads: BINLOG_DUMP_THREADS,
    binlogStatus: { statement: 'SHOW MASTER STATUS', ...SHARED_BINLOG },
    stopReplica: 'STOP SLAVE', startReplica: 'START SLAVE', resetReplicaAll: 'RESET SLAVE ALL',
    changeSource: { statement: 'CHANGE MASTER TO', prefix: 'MASTER_', gtid: 'use_gtid', publicKey: null },
    fenceVariable: 'read_only', waitForGtidFunction: 'MASTER_GTID_WAIT',
    seedPosition: { before: ['STOP SLAVE'], variable: 'gtid_slave_pos' },
  },
  // GET_MASTER_PUBLIC_KEY (and caching_sha2_password) arrived in 8.0.4: before it the option is a syntax error.
  'mysql-5.7': {
    profile: 'mysql-5.7', flavor: 'mysql', versions: 'MySQL 5.7 (and 8.0 before 8.0.4)',
    variables: mysqlVariables('@@log_slave_updates'), ...MYSQL_SHARED, ...MYSQL_SLAVE_FORMS,
    changeSource: { statement: 'CHANGE MASTER TO', prefix: 'MASTER_', gtid: 'auto_position', publicKey: null },
    seedPosition: MYSQL_SEED_POSITION,
  },
  'mysql-legacy': {
    profile: 'mysql-legacy', flavor: 'mysql', versions: 'MySQL 8.0.4 to 8.0.22',
    variables: mysqlVariables('@@log_slave_updates'), ...MYSQL_SHARED, ...MYSQL_SLAVE_FORMS,
    changeSource: { statement: 'CHANGE MASTER TO', prefix: 'MASTER_', gtid: 'auto_position', publicKey: 'GET_MASTER_PUBLIC_KEY' },
    seedPosition: MYSQL_SEED_POSITION,
  },
  // SHOW REPLICA STATUS exists from 8.0.22 but CHANGE REPLICATION SOURCE TO only from 8.0.23: the row starts there.
  'mysql-8.0': {
    profile: 'mysql-8.0', flavor: 'mysql', versions: 'MySQL 8.0.23 to 8.1',
    variables: mysqlVariables('@@log_slave_updates'), ...MYSQL_SHARED,
    replicaStatus: { statement: 'SHOW REPLICA STATUS', columns: MYSQL_COLUMNS },
    replicas: { statement: 'SHOW REPLICAS', ...SHARED_REPLICAS },
    binlogStatus: { statement: 'SHOW MASTER STATUS', ...SHARED_BINLOG },
    stopReplica: 'STOP REPLICA', startReplica: 'START REPLICA', resetReplicaAll: 'RESET REPLICA ALL',
    changeSource: { statement: 'CHANGE REPLICATION SOURCE TO', prefix: 'SOURCE_', gtid: 'auto_position', publicKey: 'GET_SOURCE_PUBLIC_KEY' },
    seedPosition: MYSQL_SEED_POSITION,
  },
  // SHOW BINARY LOG STATUS arrived in 8.2; 8.4 LTS removed SHOW MASTER STATUS and the other SLAVE/MASTER forms.
  'mysql-8.4': {
    profile: 'mysql-8.4', flavor: 'mysql', versions: 'MySQL 8.2+ (8.4 LTS, 9.x)',
    variables: mysqlVariables('@@log_replica_updates'), ...MYSQL_SHARED,
    replicaStatus: { statement: 'SHOW REPLICA STATUS', columns: MYSQL_COLUMNS },
    replicas: { statement: 'SHOW REPLICAS', ...SHARED_REPLICAS },
    binlogStatus: { statement: 'SHOW BINARY LOG STATUS', ...SHARED_BINLOG },
    stopReplica: 'STOP REPLICA', startReplica: 'START REPLICA', resetReplicaAll: 'RESET REPLICA ALL',
    changeSource: { statement: 'CHANGE REPLICATION SOURCE TO', prefix: 'SOURCE_', gtid: 'auto_position', publicKey: 'GET_SOURCE_PUBLIC_KEY' },
    // RESET BINARY LOGS AND GTIDS replaced RESET MASTER in 8.2; 8.4 removed the old name.
    seedPosition: { before: ['RESET BINARY LOGS AND GTIDS'], variable: 'gtid_purged' },
  },
} satisfies Record<CapabilityProfile, FlavorCapabilities>);

/** A server version as numbers plus its "major" text ("10.11", "8.0"). */
export interface ServerVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly majorText: string;
}

/** Parses the leading x.y.z of @@version ("10.11.19-MariaDB-0+deb12u1-log", "8.4.0-commercial"). */
export function parseServerVersion(version: string): ServerVersion {
  const match = /^(?:5\.5\.5-)?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) throw new InputError(`unrecognized server version "${version}"`, { input: version, token: version });
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  return Object.freeze({ major, minor, patch, majorText: `${major}.${minor}` });
}

/** Tells MariaDB from MySQL (Percona Server and other MySQL builds count as MySQL) by @@version and @@version_comment. */
export function detectFlavor(versionString: string, versionComment: string): Flavor {
  return /mariadb/i.test(versionString) || /mariadb/i.test(versionComment) ? 'mariadb' : 'mysql';
}

/** The capability row for a server, from its flavor and @@version. */
export function capabilitiesFor(flavor: Flavor, versionString: string): FlavorCapabilities {
  if (flavor === 'mariadb') return FLAVOR_CAPABILITIES.mariadb;
  const v = parseServerVersion(versionString);
  const at = v.major * 1_000_000 + v.minor * 1_000 + v.patch;
  if (at >= 8_002_000) return FLAVOR_CAPABILITIES['mysql-8.4'];
  if (at >= 8_000_023) return FLAVOR_CAPABILITIES['mysql-8.0'];
  if (at >= 8_000_004) return FLAVOR_CAPABILITIES['mysql-legacy'];
  return FLAVOR_CAPABILITIES['mysql-5.7'];
}

/** Where a new replica starts: MariaDB slave_pos/current_pos, or the flavor's default ("auto"). */
export type GtidStart = 'slave_pos' | 'current_pos' | 'auto';

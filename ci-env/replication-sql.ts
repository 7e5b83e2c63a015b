import type { Connection } from 'mysql2/promise';
import type { Credentials } from './lab-state.js';
import type { LabReplicaStatus } from './lab-types.js';
import { sqlRows } from './sql-socket.js';

/**
 * Points a server at its source with GTID (slave_pos) and fast retry, and starts replicating. `heartbeatPeriod`
 * null leaves MASTER_HEARTBEAT_PERIOD out, so the server derives it from slave_net_timeout (half of it).
 */
export async function startReplicaOf(conn: Connection, sourcePort: number, replication: Credentials, heartbeatPeriod: number | null): Promise<void> {
  const heartbeat = heartbeatPeriod === null ? '' : `, MASTER_HEARTBEAT_PERIOD = ${heartbeatPeriod}`;
  await sqlRows(
    conn,
    "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = ?, " +
      `MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1${heartbeat}`,
    [sourcePort, replication.user, replication.password],
  );
  await sqlRows(conn, 'START SLAVE');
}

/** The server's @@gtid_binlog_pos. */
export async function gtidBinlogPos(conn: Connection): Promise<string> {
  const rows = await sqlRows(conn, 'SELECT @@gtid_binlog_pos AS pos');
  return String(rows[0]?.pos ?? '');
}

/** SHOW SLAVE STATUS boiled down to what the lab reports, or null on a server that is not a replica. */
export async function replicaStatus(conn: Connection, timeoutMs = 2000): Promise<LabReplicaStatus | null> {
  const row = (await sqlRows(conn, 'SHOW SLAVE STATUS', [], timeoutMs))[0];
  if (row === undefined) return null;
  const behind = row.Seconds_Behind_Master;
  return {
    ioRunning: String(row.Slave_IO_Running),
    sqlRunning: String(row.Slave_SQL_Running),
    masterPort: Number(row.Master_Port),
    lastIoErrno: Number(row.Last_IO_Errno),
    lastIoError: String(row.Last_IO_Error ?? ''),
    lastSqlErrno: Number(row.Last_SQL_Errno),
    lastSqlError: String(row.Last_SQL_Error ?? ''),
    secondsBehindMaster: behind === null || behind === undefined ? null : Number(behind),
  };
}

import type { Connection } from 'mysql2/promise';
import { nanoid } from 'nanoid';
import type { Credentials, LabState } from './lab-state.js';
import { sqlRows } from './sql-socket.js';

/**
 * Creates the lab's accounts on a spare without binary logging, so its GTID state stays empty (any seed source's
 * position then applies to it) and it holds no data.
 */
export async function createSpareAccounts(conn: Connection, accounts: LabState['accounts']): Promise<void> {
  await sqlRows(conn, 'SET SESSION sql_log_bin = 0');
  await createAccounts(conn, accounts, { database: false });
}

/** The database the lab creates for test writers. */
export const LAB_DATABASE = 'orc_lab';

// Exactly what orc's topology user needs on MariaDB 10.11 (SUPER is not enough; see reference/mariadb-lab.md).
const TOPOLOGY_PRIVILEGES =
  'PROCESS, RELOAD, REPLICATION SLAVE, BINLOG MONITOR, SLAVE MONITOR, REPLICATION SLAVE ADMIN, ' +
  'REPLICATION MASTER ADMIN, READ_ONLY ADMIN, BINLOG ADMIN, CONNECTION ADMIN, SELECT';

/** Fresh random credentials for a lab's accounts. */
export function newAccounts(): LabState['accounts'] {
  const make = (user: string): Credentials => ({ user, password: nanoid(24) });
  return { admin: make('orc_admin'), topology: make('orc_topology'), replication: make('orc_repl'), app: make('app') };
}

/**
 * Creates the lab's accounts and database on the primary while every node's GTID state is still empty, so they
 * reach the replicas by replication. Drops root's TCP accounts: root is reachable through the socket only.
 * `database: false` leaves the lab database out (a spare holds no data).
 */
export async function createAccounts(conn: Connection, accounts: LabState['accounts'], opts: { database?: boolean } = {}): Promise<void> {
  const { admin, topology, replication, app } = accounts;
  const roots = await sqlRows(conn, "SELECT User, Host FROM mysql.global_priv WHERE User = 'root' AND Host <> 'localhost'");
  for (const r of roots) await sqlRows(conn, 'DROP USER ?@?', [r.User, r.Host]);
  for (const host of ['127.0.0.1', 'localhost']) {
    await sqlRows(conn, 'CREATE USER ?@? IDENTIFIED BY ?', [admin.user, host, admin.password]);
    await sqlRows(conn, 'GRANT ALL PRIVILEGES ON *.* TO ?@? WITH GRANT OPTION', [admin.user, host]);
  }
  await sqlRows(conn, 'CREATE USER ?@? IDENTIFIED BY ?', [topology.user, '127.0.0.1', topology.password]);
  await sqlRows(conn, `GRANT ${TOPOLOGY_PRIVILEGES} ON *.* TO ?@?`, [topology.user, '127.0.0.1']);
  await sqlRows(conn, 'CREATE USER ?@? IDENTIFIED BY ?', [replication.user, '127.0.0.1', replication.password]);
  await sqlRows(conn, 'GRANT REPLICATION SLAVE ON *.* TO ?@?', [replication.user, '127.0.0.1']);
  if (opts.database ?? true) await sqlRows(conn, `CREATE DATABASE ${LAB_DATABASE}`);
  await sqlRows(conn, 'CREATE USER ?@? IDENTIFIED BY ?', [app.user, '127.0.0.1', app.password]);
  await sqlRows(conn, `GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP ON ${LAB_DATABASE}.* TO ?@?`, [app.user, '127.0.0.1']);
}

// Captures real MariaDB output for the parser fixtures: `npx tsx test/system/probe/capture-mariadb-fixtures.ts`.
// Brings up its own lab (primary + one replica on ports 24365-24366, the upper half of the probe's port row), drives
// it through the states below, writes test/fixtures/server-output/mariadb-<major>/*.json and takes the lab down.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { killServer, labDown, labUp, type LabInfo } from '../../../ci-env/lab.js';
import { FLAVOR_CAPABILITIES } from '../../../core/model/flavor-capabilities.js';
import { variablesSelect } from '../../../core/probe/probe-statements.js';
import { LAB_PORTS } from '../../support/ports.js';

const NAME = 'probe-capture';
const PRIMARY = LAB_PORTS.probe + 5;
const REPLICA = PRIMARY + 1;
const caps = FLAVOR_CAPABILITIES.mariadb;

async function query(port: number, user: string, password: string, sql: string): Promise<RowDataPacket[]> {
  const conn = await createConnection({ host: '127.0.0.1', port, user, password, connectTimeout: 2000 });
  try {
    const [rows] = await conn.query({ sql, timeout: 5000 });
    return rows as RowDataPacket[];
  } finally {
    conn.destroy();
  }
}

async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

await labDown(NAME);
const lab: LabInfo = await labUp({ name: NAME, basePort: PRIMARY, replicas: 1, chain: 0 });
const admin = (port: number, sql: string): Promise<RowDataPacket[]> => query(port, lab.user, lab.password, sql);
const asTopologyUser = (port: number, sql: string): Promise<RowDataPacket[]> => query(port, lab.topologyUser, lab.topologyPassword, sql);
try {
  const version = String((await admin(PRIMARY, 'SELECT @@version AS v'))[0]!['v']);
  const major = version.split('.').slice(0, 2).join('.');
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/server-output', `mariadb-${major}`);
  await mkdir(outDir, { recursive: true });
  const save = async (file: string, statement: string, state: string, rows: unknown): Promise<void> => {
    const doc = {
      source: `captured live from MariaDB ${version} (Debian package) by test/system/probe/capture-mariadb-fixtures.ts, ` +
        'rows exactly as mysql2 returned them to the topology user over TCP',
      server: version,
      statement,
      state,
      rows,
    };
    await writeFile(join(outDir, file), `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`wrote ${file}`);
  };
  const allSlaves = caps.replicaStatus.statement;

  await admin(PRIMARY, 'CREATE DATABASE app');
  await admin(PRIMARY, 'CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20))');
  await admin(PRIMARY, "INSERT INTO app.t VALUES (1, 'one'), (2, 'two')");
  const target = String((await admin(PRIMARY, 'SELECT @@gtid_binlog_pos AS p'))[0]!['p']);
  await admin(REPLICA, `SELECT MASTER_GTID_WAIT('${target}', 10)`);
  await waitFor('a heartbeat', async () => Number((await asTopologyUser(REPLICA, allSlaves))[0]?.['Slave_received_heartbeats']) >= 2);

  await save('replica-status-healthy.json', allSlaves, 'healthy replica, caught up, heartbeats flowing',
    await asTopologyUser(REPLICA, allSlaves));
  await save('show-slave-status-healthy.json', 'SHOW SLAVE STATUS', 'healthy replica (single-connection form, 54 columns)',
    await asTopologyUser(REPLICA, 'SHOW SLAVE STATUS'));
  await save('replica-status-non-replica.json', allSlaves, 'primary: replicates from nobody', await asTopologyUser(PRIMARY, allSlaves));
  await save('variables-primary.json', variablesSelect(caps), 'primary', await asTopologyUser(PRIMARY, variablesSelect(caps)));
  await save('variables-replica.json', variablesSelect(caps), 'replica', await asTopologyUser(REPLICA, variablesSelect(caps)));
  await save('global-status-primary.json', caps.globalStatus.statement, 'primary', await asTopologyUser(PRIMARY, caps.globalStatus.statement));
  await save('replica-hosts-primary.json', caps.replicas.statement, 'primary with one replica', await asTopologyUser(PRIMARY, caps.replicas.statement));
  await save('replica-hosts-replica.json', caps.replicas.statement, 'replica without replicas', await asTopologyUser(REPLICA, caps.replicas.statement));
  await save('binlog-status-primary.json', caps.binlogStatus.statement, 'primary', await asTopologyUser(PRIMARY, caps.binlogStatus.statement));
  await save('binlog-dump-threads-primary.json', caps.binlogDumpThreads.statement, 'primary with one replica connected',
    await asTopologyUser(PRIMARY, caps.binlogDumpThreads.statement));
  await save('binlog-dump-threads-replica.json', caps.binlogDumpThreads.statement, 'replica without replicas (its own IO thread is not a dump thread)',
    await asTopologyUser(REPLICA, caps.binlogDumpThreads.statement));
  try {
    await asTopologyUser(PRIMARY, 'SELECT @@server_uuid, @@gtid_executed');
  } catch (err) {
    const e = err as { errno?: number; code?: string; sqlState?: string; sqlMessage?: string };
    await save('error-absent-variable.json', 'SELECT @@server_uuid, @@gtid_executed', 'MySQL-only variable on MariaDB', [
      { errno: e.errno, code: e.code, sqlState: e.sqlState, sqlMessage: e.sqlMessage },
    ]);
  }

  await admin(REPLICA, 'STOP SLAVE');
  await save('replica-status-stopped.json', allSlaves, 'replica after STOP SLAVE', await asTopologyUser(REPLICA, allSlaves));
  await admin(REPLICA, 'START SLAVE');

  // A row the replica has and the primary then inserts too: duplicate key, the SQL thread stops with 1062.
  // sql_log_bin=0 keeps the local row out of the replica's GTID history, so the failure is 1062, not strict mode's 1950.
  const local = await createConnection({ host: '127.0.0.1', port: REPLICA, user: lab.user, password: lab.password });
  await local.query('SET SESSION sql_log_bin = 0');
  await local.query("INSERT INTO app.t VALUES (3, 'replica-only')");
  await admin(PRIMARY, "INSERT INTO app.t VALUES (3, 'primary')");
  await waitFor('the SQL error', async () => Number((await asTopologyUser(REPLICA, allSlaves))[0]?.['Last_SQL_Errno']) !== 0);
  await waitFor('the SQL thread to stop', async () => (await asTopologyUser(REPLICA, allSlaves))[0]?.['Slave_SQL_Running'] === 'No');
  await save('replica-status-sql-error.json', allSlaves, 'SQL thread stopped on a duplicate key (1062), IO thread running',
    await asTopologyUser(REPLICA, allSlaves));
  await admin(REPLICA, 'STOP SLAVE');
  await local.query('DELETE FROM app.t WHERE id = 3');
  local.destroy();
  await admin(REPLICA, 'START SLAVE');
  const healed = String((await admin(PRIMARY, 'SELECT @@gtid_binlog_pos AS p'))[0]!['p']);
  await admin(REPLICA, `SELECT MASTER_GTID_WAIT('${healed}', 10)`);

  await killServer(NAME, PRIMARY);
  await waitFor('IO thread connecting', async () => (await asTopologyUser(REPLICA, allSlaves))[0]?.['Slave_IO_Running'] === 'Connecting');
  // The first retry may still hit the dying server (2013); wait for the steady state of a dead one: 2003, refused.
  await waitFor('connect error 2003', async () => Number((await asTopologyUser(REPLICA, allSlaves))[0]?.['Last_IO_Errno']) === 2003);
  await save('replica-status-io-connecting.json', allSlaves, 'primary killed (kill -9): IO thread connecting with error 2003',
    await asTopologyUser(REPLICA, allSlaves));
} finally {
  await labDown(NAME);
}

// The same pair without report_host/report_port: what SHOW SLAVE HOSTS and the dump threads show then.
await labDown(NAME);
const bare: LabInfo = await labUp({ name: NAME, basePort: PRIMARY, replicas: 1, chain: 0, reportHost: false });
try {
  const version = String((await query(PRIMARY, bare.user, bare.password, 'SELECT @@version AS v'))[0]!['v']);
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/server-output', `mariadb-${version.split('.').slice(0, 2).join('.')}`);
  const rows = (sql: string): Promise<RowDataPacket[]> => query(PRIMARY, bare.topologyUser, bare.topologyPassword, sql);
  for (const [file, statement] of [
    ['replica-hosts-no-report-host.json', caps.replicas.statement],
    ['binlog-dump-threads-no-report-host.json', caps.binlogDumpThreads.statement],
  ] as const) {
    const doc = {
      source: `captured live from MariaDB ${version} (Debian package) by test/system/probe/capture-mariadb-fixtures.ts, ` +
        'rows exactly as mysql2 returned them to the topology user over TCP; servers without report_host/report_port',
      server: version,
      statement,
      state: 'primary with one replica that reports no host or port (lab up --no-report-host)',
      rows: await rows(statement),
    };
    await writeFile(join(outDir, file), `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
} finally {
  await labDown(NAME);
}

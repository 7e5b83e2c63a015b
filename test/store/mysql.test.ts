import { createServer, type Socket } from 'node:net';
import mysql from 'mysql2/promise';
import { customAlphabet } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labUp } from '../../ci-env/lab.js';
import { StoreError } from '../../core/errors.js';
import { migrateToLatest } from '../../core/store/migrations/migrate-to-latest.js';
import { openStore, openStoreDatabase, type StoreConfig } from '../../core/store/open-store.js';
import { LAB_PORTS } from '../support/ports.js';
import { migrateTogether } from '../support/store-migrate-together.js';
import { agentRegistrySuite, agentSqlHarness } from './agent-registry-suite.js';
import { leaseSuite, sqlLeaseHarness, sqlLeaseSuite } from './lease-suite.js';
import { notificationOutboxSuite, outboxSqlHarness } from './notification-outbox-suite.js';
import { recoveryRunnerSuite } from './recovery-runner-suite.js';
import { recoveryStoreSuite, sqlHarness } from './recovery-store-suite.js';
import { rolloutSqlHarness, rolloutStoreSuite } from './rollout-store-suite.js';
import { seedSqlHarness, seedStoreSuite } from './seed-store-suite.js';
import { ALL_MIGRATIONS_APPLIED, sqlStoreHarness, sqlStoreSuite, storeSuite } from './store-suite.js';

// A standalone MariaDB server of this file's own, built from nothing by the lab.
const LAB = 'orc-test-store';
let server: { host: string; port: number; user: string; password: string };
const suffix = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 12);
const databases: string[] = [];
const users: string[] = [];
let admin: mysql.Connection | undefined;

function freshLocation(): StoreConfig {
  const database = `orc_test_${suffix()}`;
  databases.push(database);
  return { kind: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password, database };
}

beforeAll(async () => {
  await labDown(LAB).catch(() => undefined);
  const lab = await labUp({ name: LAB, basePort: LAB_PORTS.store, replicas: 0, chain: 0 });
  server = { host: '127.0.0.1', port: lab.instances[0]!.port, user: lab.user, password: lab.password };
  admin = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password });
});

afterAll(async () => {
  if (admin) await admin.end();
  await labDown(LAB);
});

function adminConnection(): mysql.Connection {
  if (!admin) throw new Error('no admin connection to the store server');
  return admin;
}

async function connectionsTo(database: string): Promise<number> {
  const [rows] = await adminConnection().query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.processlist WHERE db = ?', [database]);
  return Number(rows[0]?.n);
}

storeSuite('MariaDB', sqlStoreHarness(freshLocation));

sqlStoreSuite('MariaDB', () => ({
  freshLocation,
  isReleased: async (config) => config.kind === 'mysql' && (await connectionsTo(config.database)) === 0,
}));

recoveryStoreSuite('MariaDB', sqlHarness(freshLocation));

recoveryRunnerSuite('MariaDB', sqlHarness(freshLocation));

seedStoreSuite('MariaDB', seedSqlHarness(freshLocation));

agentRegistrySuite('MariaDB', agentSqlHarness(freshLocation));

rolloutStoreSuite('MariaDB', rolloutSqlHarness(freshLocation));

notificationOutboxSuite('MariaDB', outboxSqlHarness(freshLocation));

leaseSuite('MariaDB', sqlLeaseHarness(freshLocation));

sqlLeaseSuite('MariaDB', freshLocation, 'row lock');

describe('MySQL/MariaDB store specifics', () => {
  it('two concurrent migrateToLatest calls both succeed and apply each migration once', async () => {
    const config = freshLocation();
    const [one, two] = await Promise.all([openStoreDatabase(config), openStoreDatabase(config)]);
    try {
      const results = await Promise.all([migrateToLatest(one!.db, one!.dialect), migrateToLatest(two!.db, two!.dialect)]);
      expect(results.flat().map((r) => `${r.migrationName}:${r.status}`).sort()).toEqual(ALL_MIGRATIONS_APPLIED);
    } finally {
      await one?.db.destroy();
      await two?.db.destroy();
    }
  });

  it('processes starting at the same moment take turns', async () => {
    const results = await migrateTogether(freshLocation(), 2);
    expect(results.flat().map((r) => `${r.migrationName}:${r.status}`).sort()).toEqual(ALL_MIGRATIONS_APPLIED);
  });

  it('creates a missing database with a binary collation', async () => {
    const config = freshLocation();
    const store = await openStore(config);
    await store.close();
    const [rows] = await adminConnection().query<mysql.RowDataPacket[]>(
      'SELECT default_collation_name AS c FROM information_schema.schemata WHERE schema_name = ?',
      [config.kind === 'mysql' ? config.database : ''],
    );
    expect(rows[0]?.c).toBe('utf8mb4_bin');
  });

  it('uses an existing database with another collation and still compares text bytewise', async () => {
    const config = freshLocation();
    const database = config.kind === 'mysql' ? config.database : '';
    await adminConnection().query('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci', [database]);
    const store = await openStore(config);
    try {
      await store.upsertCluster({ name: 'Aa:1', alias: null, primary: { host: 'a', port: 1 }, updatedAt: 1 });
      await store.upsertCluster({ name: 'aa:1', alias: null, primary: { host: 'a', port: 1 }, updatedAt: 1 });
      expect((await store.listClusters()).map((c) => c.name)).toEqual(['Aa:1', 'aa:1']);
    } finally {
      await store.close();
    }
  });

  it('says clearly when the database is missing and the user may not create it', async () => {
    const config = freshLocation();
    if (config.kind !== 'mysql') throw new Error('unreachable');
    const user = `orc_t_${suffix()}`;
    const password = `Pw-${suffix()}`;
    users.push(user);
    await adminConnection().query("CREATE USER ?@'127.0.0.1' IDENTIFIED BY ?", [user, password]);
    await adminConnection().query(`GRANT SELECT ON ${mysql.escapeId(config.database)}.* TO ?@'127.0.0.1'`, [user]);
    const err = await openStore({ ...config, user, password }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    const message = (err as StoreError).message;
    expect(message).toContain(`database ${config.database} does not exist on ${server.host}:${server.port}`);
    expect(message).toContain(`user ${user} may not create it`);
    expect(message).not.toContain(password);
  });

  it('never puts the password in a connection error', async () => {
    const password = `Wrong-${suffix()}`;
    const err = await openStore({ ...freshLocation(), password } as StoreConfig).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    const message = (err as StoreError).message;
    expect(message).toContain(`${server.host}:${server.port}`);
    expect(message).toContain('Access denied');
    expect(message).not.toContain(password);
    expect(JSON.stringify((err as StoreError).details)).not.toContain(password);
  });

  it('stops waiting for a server that accepts but never answers when the signal aborts', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const err = await openStore({ ...freshLocation(), host: '127.0.0.1', port } as StoreConfig, {
        signal: AbortSignal.timeout(200),
        connectTimeoutMs: 20_000,
      }).catch((e: unknown) => e);
      expect((err as StoreError).code).toBe('orc_aborted');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('fails fast with a StoreError when nothing listens', async () => {
    const started = Date.now();
    const err = await openStore({ ...freshLocation(), port: 1 } as StoreConfig, { connectTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toContain(`${server.host}:1`);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

import { Migrator, sql } from 'kysely';
import { emptiedSqlHarness } from '../support/emptied-sql-harness.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useStoreSession } from '../support/store-session.js';
import { InputError, OrcError, StoreError } from '../../core/errors.js';
import type { OrcNode } from '../../core/model/orc-node.js';
import { leaseEpochMigration } from '../../core/store/migrations/lease-epoch-migration.js';
import { MIGRATION_TABLE, migrateToLatest } from '../../core/store/migrations/migrate-to-latest.js';
import { storeMigrations } from '../../core/store/migrations/store-migrations.js';
import type { KyselyStore } from '../../core/store/kysely-store.js';
import { openStore, openStoreDatabase, type OpenedStoreDatabase, type OrcStore, type StoreConfig } from '../../core/store/open-store.js';
import { auditEntry, primaryFacts, replicaFacts } from '../support/store-fixtures.js';
import { storeContents } from '../support/store-contents.js';

/** Storage the Store contract suite runs on: handles on the same data, emptied between tests. */
export interface StoreHarness {
  /** Opens a handle on the suite's data (its own connections, where the backend has any). */
  open(): Promise<OrcStore>;
  /** Deletes every instance, cluster and audit entry. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

/** What the SQL-only part of the suite needs from a backend. */
export interface StoreTestBackend {
  /** Config of a fresh, empty store location (a new SQLite file or a new database name). */
  freshLocation(): StoreConfig;
  /** True once nothing holds the store at config open any more (file handles, server connections). */
  isReleased(config: StoreConfig): Promise<boolean>;
}

/** A harness over one fresh, migrated SQL location, emptied before each test (creating a MySQL database per test is slow). */
export function sqlStoreHarness(freshLocation: () => StoreConfig): () => Promise<StoreHarness> {
  return emptiedSqlHarness(freshLocation, ['orc_instances', 'orc_clusters', 'orc_audit', 'orc_nodes']);
}

/** Every migration, in the order it must apply. */
const MIGRATION_NAMES = [
  '0001_instances',
  '0002_instances_cluster_index',
  '0003_clusters',
  '0004_audit',
  '0005_audit_at_index',
  '0006_audit_cluster_index',
  '0007_recoveries',
  '0008_recoveries_started_index',
  '0009_recoveries_cluster_index',
  '0010_recovery_steps',
  '0011_locks',
  '0012_downtime',
  '0013_fences',
  '0014_settings',
  '0015_leases',
  '0016_lease_epoch',
  '0017_recoveries_runner',
  '0018_recoveries_renewed_at',
  '0019_recoveries_progress',
  '0020_recoveries_data_loss',
  '0021_nodes',
  '0022_seeds',
  '0023_seeds_created_index',
  '0024_seed_states',
  '0025_seed_states_seed_index',
  '0026_agents',
  '0027_rollouts',
  '0028_rollout_targets',
  '0029_fleet_rollouts',
  '0030_notifications',
  '0031_notifications_due_index',
  '0032_confirmations',
];

/** Every migration applied once, as "name:status" sorted: what a set of concurrent migrators must add up to. */
export const ALL_MIGRATIONS_APPLIED = MIGRATION_NAMES.map((name) => `${name}:Success`).sort();

const T0 = 1_700_000_000_123;
const A = { host: 'db-a.example', port: 3306 };
const B = { host: 'db-b.example', port: 3306 };
const C = { host: 'db-c.example', port: 3307 };
const CLUSTER_A = 'db-a.example:3306';
const CLUSTER_X = 'db-x.example:3306';

/** Polls check until it holds or timeoutMs passes; returns its last answer. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Registers the Store contract tests; the same suite runs on SQLite, MariaDB and the in-memory fake. */
export function storeSuite(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`Store on ${name}`, () => {
    let store: OrcStore;
    useStoreSession(harness, (s) => {
      store = s.store;
    });

    describe('observations', () => {
      it('round-trips the facts and marks the instance reachable', async () => {
        const facts = replicaFacts(B, A, T0);
        await store.recordObservation({ facts, clusterName: CLUSTER_A });
        const record = await store.getInstance(B);
        expect(record).toEqual({
          key: B,
          clusterName: CLUSTER_A,
          facts,
          reachable: true,
          lastCheckedAt: T0,
          lastSeenAt: T0,
          lastError: null,
          firstSeenAt: T0,
        });
      });

      it('a later observation replaces the facts and cluster but keeps first_seen_at', async () => {
        await store.recordObservation({ facts: replicaFacts(B, A, T0), clusterName: CLUSTER_A });
        const later = { ...primaryFacts(B, T0 + 5000), uptimeSeconds: 12 };
        await store.recordObservation({ facts: later, clusterName: 'db-b.example:3306' });
        const record = await store.getInstance(B);
        expect(record?.facts).toEqual(later);
        expect(record?.clusterName).toBe('db-b.example:3306');
        expect(record?.firstSeenAt).toBe(T0);
        expect(record?.lastSeenAt).toBe(T0 + 5000);
        expect(record?.lastCheckedAt).toBe(T0 + 5000);
      });

      it('a probe failure keeps the last facts, marks the instance unreachable and a success clears the error', async () => {
        const facts = replicaFacts(B, A, T0);
        await store.recordObservation({ facts, clusterName: CLUSTER_A });
        await store.recordProbeFailure({ key: B, at: T0 + 1000, error: 'orc_unreachable: connect ETIMEDOUT' }, CLUSTER_X);
        expect(await store.getInstance(B)).toEqual({
          key: B,
          clusterName: CLUSTER_A,
          facts,
          reachable: false,
          lastCheckedAt: T0 + 1000,
          lastSeenAt: T0,
          lastError: 'orc_unreachable: connect ETIMEDOUT',
          firstSeenAt: T0,
        });
        await store.recordObservation({ facts: replicaFacts(B, A, T0 + 2000), clusterName: CLUSTER_A });
        const back = await store.getInstance(B);
        expect(back?.reachable).toBe(true);
        expect(back?.lastError).toBeNull();
        expect(back?.lastSeenAt).toBe(T0 + 2000);
      });

      it('a probe failure of an unknown instance inserts it as never reached', async () => {
        await store.recordProbeFailure({ key: C, at: T0, error: 'orc_unreachable: connect ECONNREFUSED' }, CLUSTER_X);
        expect(await store.getInstance(C)).toEqual({
          key: C,
          clusterName: CLUSTER_X,
          facts: null,
          reachable: false,
          lastCheckedAt: T0,
          lastSeenAt: null,
          lastError: 'orc_unreachable: connect ECONNREFUSED',
          firstSeenAt: T0,
        });
      });

      it('rejects times that are not whole milliseconds instead of storing them', async () => {
        await expect(store.recordProbeFailure({ key: C, at: T0 + 0.5, error: 'x' }, CLUSTER_X)).rejects.toBeInstanceOf(InputError);
        expect(await store.getInstance(C)).toBeUndefined();
      });
    });

    describe('instances', () => {
      it('lists by host then numeric port, optionally by cluster', async () => {
        const keys = [
          { host: 'b.example', port: 10 },
          { host: 'a.example', port: 3306 },
          { host: 'b.example', port: 9 },
          { host: 'a.example', port: 100 },
        ];
        for (const [i, key] of keys.entries()) {
          await store.recordProbeFailure({ key, at: T0 + i, error: 'down' }, i % 2 === 0 ? CLUSTER_A : CLUSTER_X);
        }
        const all = await store.listInstances();
        expect(all.map((r) => `${r.key.host}:${r.key.port}`)).toEqual(['a.example:100', 'a.example:3306', 'b.example:9', 'b.example:10']);
        const inA = await store.listInstances({ clusterName: CLUSTER_A });
        expect(inA.map((r) => `${r.key.host}:${r.key.port}`)).toEqual(['b.example:9', 'b.example:10']);
        expect(await store.listInstances({ clusterName: 'nobody:1' })).toEqual([]);
      });

      it('assignClusters moves the named instances and skips unknown ones', async () => {
        for (const key of [A, B, C]) await store.recordObservation({ facts: primaryFacts(key, T0), clusterName: CLUSTER_A });
        await store.assignClusters([
          { key: B, clusterName: CLUSTER_X },
          { key: C, clusterName: CLUSTER_X },
          { key: { host: 'ghost.example', port: 1 }, clusterName: CLUSTER_X },
        ]);
        expect((await store.listInstances({ clusterName: CLUSTER_X })).map((r) => r.key)).toEqual([B, C]);
        expect((await store.listInstances({ clusterName: CLUSTER_A })).map((r) => r.key)).toEqual([A]);
        expect(await store.getInstance({ host: 'ghost.example', port: 1 })).toBeUndefined();
        await store.assignClusters([]);
        expect(await store.listInstances()).toHaveLength(3);
      });

      it('assignClusters handles more keys than one statement carries', async () => {
        const keys = Array.from({ length: 250 }, (_, i) => ({ host: `h${String(i).padStart(3, '0')}.example`, port: 3306 }));
        for (const key of keys) await store.recordProbeFailure({ key, at: T0, error: 'down' }, CLUSTER_A);
        await store.assignClusters(keys.map((key) => ({ key, clusterName: CLUSTER_X })));
        expect(await store.listInstances({ clusterName: CLUSTER_A })).toEqual([]);
        expect(await store.listInstances({ clusterName: CLUSTER_X })).toHaveLength(250);
      });

      it('forgetInstance deletes once and then reports false', async () => {
        await store.recordObservation({ facts: primaryFacts(A, T0), clusterName: CLUSTER_A });
        await store.recordObservation({ facts: replicaFacts(B, A, T0), clusterName: CLUSTER_A });
        expect(await store.forgetInstance(A)).toBe(true);
        expect(await store.forgetInstance(A)).toBe(false);
        expect(await store.getInstance(A)).toBeUndefined();
        expect((await store.listInstances()).map((r) => r.key)).toEqual([B]);
      });
    });

    describe('host case', () => {
      it('treats host names case-insensitively and returns them lower-cased', async () => {
        const mixed = { host: 'DB-One.Example', port: 3306 };
        await store.recordObservation({ facts: primaryFacts(mixed, T0), clusterName: CLUSTER_A });
        await store.recordProbeFailure({ key: { host: 'DB-ONE.EXAMPLE', port: 3306 }, at: T0 + 1, error: 'down' }, CLUSTER_X);
        const all = await store.listInstances();
        expect(all).toHaveLength(1);
        expect(all[0]?.key).toEqual({ host: 'db-one.example', port: 3306 });
        expect(all[0]?.facts?.key).toEqual(mixed);
        expect((await store.getInstance({ host: 'db-one.example', port: 3306 }))?.lastError).toBe('down');
        await store.assignClusters([{ key: { host: 'db-ONE.example', port: 3306 }, clusterName: CLUSTER_X }]);
        expect((await store.getInstance(mixed))?.clusterName).toBe(CLUSTER_X);
        expect(await store.forgetInstance({ host: 'Db-One.Example', port: 3306 })).toBe(true);
        expect(await store.listInstances()).toEqual([]);
      });

      it('compares and sorts every other text bytewise, as SQLite does', async () => {
        await store.recordProbeFailure({ key: A, at: T0, error: 'down' }, 'Upper:1');
        await store.recordProbeFailure({ key: B, at: T0, error: 'down' }, 'upper:1');
        expect((await store.listInstances({ clusterName: 'Upper:1' })).map((r) => r.key)).toEqual([A]);
        expect((await store.listInstances({ clusterName: 'UPPER:1' }))).toEqual([]);
        for (const name of ['b', 'B', 'a', 'A', 'é', 'e']) {
          await store.upsertCluster({ name, alias: null, primary: A, updatedAt: T0 });
        }
        expect((await store.listClusters()).map((c) => c.name)).toEqual(['A', 'B', 'a', 'b', 'e', 'é']);
        await store.appendAudit(auditEntry('a1', T0, { cluster: 'Upper:1' }));
        expect(await store.listAudit({ cluster: 'upper:1' })).toEqual([]);
      });
    });

    describe('clusters', () => {
      it('upserts, lists by name and prunes', async () => {
        await store.upsertCluster({ name: 'db-b.example:3306', alias: 'billing', primary: { host: 'DB-B.example', port: 3306 }, updatedAt: T0 });
        await store.upsertCluster({ name: CLUSTER_A, alias: null, primary: A, updatedAt: T0 });
        await store.upsertCluster({ name: 'db-b.example:3306', alias: 'payments', primary: C, updatedAt: T0 + 10 });
        expect(await store.listClusters()).toEqual([
          { name: CLUSTER_A, alias: null, primary: A, updatedAt: T0 },
          { name: 'db-b.example:3306', alias: 'payments', primary: C, updatedAt: T0 + 10 },
        ]);
        await store.pruneClusters(['db-b.example:3306', 'not-stored:1']);
        expect((await store.listClusters()).map((c) => c.name)).toEqual(['db-b.example:3306']);
        await store.pruneClusters([]);
        expect(await store.listClusters()).toEqual([]);
      });

      it('stores the primary host lower-cased', async () => {
        await store.upsertCluster({ name: CLUSTER_A, alias: null, primary: { host: 'DB-A.Example', port: 3306 }, updatedAt: T0 });
        expect((await store.listClusters())[0]?.primary).toEqual(A);
      });
    });

    describe('audit', () => {
      it('lists newest first with a limit and a cluster filter', async () => {
        await store.appendAudit(auditEntry('e1', T0));
        await store.appendAudit(auditEntry('e3', T0 + 2000, { cluster: CLUSTER_X, outcome: 'failed' }));
        await store.appendAudit(auditEntry('e2', T0 + 1000, { cluster: null, outcome: 'refused', detail: '' }));
        await store.appendAudit(auditEntry('e4', T0 + 3000));
        expect((await store.listAudit()).map((e) => e.id)).toEqual(['e4', 'e3', 'e2', 'e1']);
        expect((await store.listAudit({ limit: 2 })).map((e) => e.id)).toEqual(['e4', 'e3']);
        expect((await store.listAudit({ cluster: CLUSTER_A })).map((e) => e.id)).toEqual(['e4', 'e1']);
        expect((await store.listAudit({ cluster: CLUSTER_A, limit: 1 })).map((e) => e.id)).toEqual(['e4']);
        expect((await store.listAudit({ limit: 10 })).find((e) => e.id === 'e2')).toEqual(
          auditEntry('e2', T0 + 1000, { cluster: null, outcome: 'refused', detail: '' }),
        );
      });

      it('orders entries of the same millisecond by insertion, not by id', async () => {
        for (const id of ['zz', 'aa', 'mm']) await store.appendAudit(auditEntry(id, T0));
        expect((await store.listAudit()).map((e) => e.id)).toEqual(['mm', 'aa', 'zz']);
      });

      it('rejects a duplicate id and a bad limit', async () => {
        await store.appendAudit(auditEntry('dup', T0));
        const err = await store.appendAudit(auditEntry('dup', T0 + 1)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).message).toMatch(/^store: appendAudit failed: /);
        await expect(store.listAudit({ limit: 0 })).rejects.toBeInstanceOf(InputError);
        await expect(store.listAudit({ limit: 1.5 })).rejects.toBeInstanceOf(InputError);
      });
    });

    describe('nodes', () => {
      const node = (holder: string, lastSeenAt: number, extra: Partial<OrcNode> = {}): OrcNode => ({
        holder,
        host: 'orc-1.example',
        pid: 4242,
        version: '0.1.0',
        startedAt: T0,
        lastSeenAt,
        role: 'follower',
        ...extra,
      });

      it('records a heartbeat per holder, replacing the row, and lists the most recently seen first', async () => {
        expect(await store.listNodes()).toEqual([]);
        await store.recordNodeHeartbeat(node('b:1:x', T0 + 10));
        await store.recordNodeHeartbeat(node('a:2:y', T0 + 10, { host: 'orc-2.example', pid: 7 }));
        await store.recordNodeHeartbeat(node('c:3:z', T0 + 5));
        await store.recordNodeHeartbeat(node('b:1:x', T0 + 20, { role: 'leader' }));
        expect(await store.listNodes()).toEqual([
          node('b:1:x', T0 + 20, { role: 'leader' }),
          node('a:2:y', T0 + 10, { host: 'orc-2.example', pid: 7 }),
          node('c:3:z', T0 + 5),
        ]);
      });

      it('forgets the nodes last seen before a time', async () => {
        await store.recordNodeHeartbeat(node('old', T0));
        await store.recordNodeHeartbeat(node('new', T0 + 1000));
        expect(await store.forgetNodes(T0 + 1000)).toBe(1);
        expect((await store.listNodes()).map((n) => n.holder)).toEqual(['new']);
      });

      it('refuses an empty holder, a bad role or a fractional time', async () => {
        await expect(store.recordNodeHeartbeat(node('', T0))).rejects.toBeInstanceOf(InputError);
        await expect(store.recordNodeHeartbeat(node('x', T0, { role: 'boss' as OrcNode['role'] }))).rejects.toBeInstanceOf(InputError);
        await expect(store.recordNodeHeartbeat(node('x', T0 + 0.5))).rejects.toBeInstanceOf(InputError);
        expect(await store.listNodes()).toEqual([]);
      });
    });

    describe('values', () => {
      it('returns every time and port as a JS number, exactly', async () => {
        const far = 4_102_444_800_123;
        await store.recordObservation({ facts: primaryFacts(A, far), clusterName: CLUSTER_A });
        await store.recordProbeFailure({ key: C, at: far + 1, error: 'down' }, CLUSTER_A);
        await store.upsertCluster({ name: CLUSTER_A, alias: null, primary: A, updatedAt: far + 2 });
        await store.appendAudit(auditEntry('t1', far + 3));
        const [a, c] = await store.listInstances();
        for (const value of [a?.lastCheckedAt, a?.lastSeenAt, a?.firstSeenAt, a?.key.port, c?.lastCheckedAt, c?.firstSeenAt]) {
          expect(typeof value).toBe('number');
        }
        expect([a?.lastCheckedAt, c?.lastCheckedAt]).toEqual([far, far + 1]);
        const [cluster] = await store.listClusters();
        expect(cluster?.updatedAt).toBe(far + 2);
        expect(typeof cluster?.primary.port).toBe('number');
        const [entry] = await store.listAudit();
        expect(entry?.at).toBe(far + 3);
        expect(typeof a?.reachable).toBe('boolean');
      });

      it('keeps a long error message, truncated to a bounded length', async () => {
        await store.recordProbeFailure({ key: C, at: T0, error: 'x'.repeat(10_000) }, CLUSTER_A);
        expect((await store.getInstance(C))?.lastError).toBe('x'.repeat(4000));
      });
    });

    describe('close', () => {
      it('is idempotent, and later calls fail with a StoreError', async () => {
        await store.recordObservation({ facts: primaryFacts(A, T0), clusterName: CLUSTER_A });
        await store.close();
        await store.close();
        const err = await store.listInstances().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as OrcError).code).toBe('orc_store_failed');
      });
    });
  });
}

/** Registers what only the SQL stores have: migrations, persistence across handles, release of files and connections. */
export function sqlStoreSuite(name: string, backend: () => StoreTestBackend): void {
  describe(`SQL store on ${name}`, () => {
    let store: KyselyStore;
    let config: StoreConfig;
    let cleaner: OpenedStoreDatabase;

    beforeAll(async () => {
      config = backend().freshLocation();
      cleaner = await openStoreDatabase(config);
      await migrateToLatest(cleaner.db, cleaner.dialect);
    });

    afterAll(async () => {
      await cleaner.db.destroy();
    });

    beforeEach(async () => {
      for (const table of ['orc_instances', 'orc_clusters', 'orc_audit', 'orc_nodes'] as const) await cleaner.db.deleteFrom(table).execute();
      store = await openStore(config);
    });

    afterEach(async () => {
      await store.close();
    });

    it('reads a row whose facts are not JSON as that one server unknown, listing the others as usual', async () => {
      await store.recordObservation({ facts: primaryFacts(A, T0), clusterName: CLUSTER_A });
      await store.recordObservation({ facts: replicaFacts(B, A, T0), clusterName: CLUSTER_A });
      await cleaner.db.updateTable('orc_instances').set({ facts: '{"version": "10.11' }).where('host', '=', A.host).execute();
      const [bad, good] = await store.listInstances();
      expect(bad).toMatchObject({ key: A, facts: null, reachable: false });
      expect(bad!.lastError).toMatch(/^orc_store_failed: stored facts of db-a\.example:3306 are not valid JSON \(.+\); the next probe replaces them$/);
      expect(good).toMatchObject({ key: B, reachable: true, facts: { version: replicaFacts(B, A, T0).version } });
    });

    describe('migrations', () => {
      it('applies every migration once, in order, and a second run is a no-op', async () => {
        const fresh = backend().freshLocation();
        const { db, dialect } = await openStoreDatabase(fresh);
        try {
          const first = await migrateToLatest(db, dialect);
          expect(first.map((r) => [r.migrationName, r.status])).toEqual(MIGRATION_NAMES.map((name) => [name, 'Success']));
          expect(await migrateToLatest(db, dialect)).toEqual([]);
        } finally {
          await db.destroy();
        }
        const reopened = await openStore(fresh);
        expect(await reopened.listInstances()).toEqual([]);
        await reopened.close();
      });

      it('0016_lease_epoch gives an existing lease epoch 0, which its holder keeps renewing, and can run again', async () => {
        const fresh = backend().freshLocation();
        const { db, dialect } = await openStoreDatabase(fresh);
        try {
          const migrator = new Migrator({ db, provider: storeMigrations(dialect), migrationTableName: MIGRATION_TABLE, migrationLockTableName: `${MIGRATION_TABLE}_lock` });
          expect((await migrator.migrateTo('0015_leases')).error).toBeUndefined();
          const far = 4_102_444_800_000;
          await sql`insert into orc_leases (name, holder, acquired_at, expires_at) values ('orc', 'old-orc', ${T0}, ${far})`.execute(db);
          expect((await migrateToLatest(db, dialect)).map((r) => r.migrationName)).toEqual(MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf('0016_lease_epoch')));
          await leaseEpochMigration().up(db);
        } finally {
          await db.destroy();
        }
        const reopened = await openStore(fresh);
        try {
          expect(await reopened.getLease('orc')).toEqual({ name: 'orc', holder: 'old-orc', acquiredAt: T0, expiresAt: 4_102_444_800_000, epoch: 0 });
          expect(await reopened.tryAcquireLease('orc', 'old-orc', 60_000)).toMatchObject({ holder: 'old-orc', acquiredAt: T0, epoch: 0 });
          expect(await reopened.leaseTokenValid({ name: 'orc', holder: 'old-orc', epoch: 0 })).toBe(true);
        } finally {
          await reopened.close();
        }
      });

      it('refuses a store a newer orc migrated, naming the unknown migration, and changes nothing', async () => {
        const fresh = backend().freshLocation();
        const seeded = await openStore(fresh);
        await seeded.recordObservation({ facts: primaryFacts(A, T0), clusterName: CLUSTER_A });
        await seeded.close();
        const { db } = await openStoreDatabase(fresh);
        try {
          await sql`insert into ${sql.table(MIGRATION_TABLE)} (name, timestamp) values ('9000_from_a_newer_orc', '2031-01-01T00:00:00.000Z')`.execute(db);
          const before = await storeContents(db);
          const err = await openStore(fresh).catch((e: unknown) => e);
          expect(err).toBeInstanceOf(OrcError);
          expect((err as OrcError).code).toBe('orc_refused');
          expect((err as OrcError).message).toMatch(/^store was written by a newer orc: it records migration 9000_from_a_newer_orc, unknown to this orc; upgrade orc/);
          expect((err as OrcError).details).toMatchObject({ unknownMigrations: ['9000_from_a_newer_orc'], latestKnownMigration: MIGRATION_NAMES.at(-1) });
          expect(await storeContents(db)).toEqual(before);
        } finally {
          await db.destroy();
        }
      });

      it('reopening a store with data keeps the data', async () => {
        await store.recordObservation({ facts: primaryFacts(A, T0), clusterName: CLUSTER_A });
        await store.close();
        store = await openStore(config);
        expect((await store.getInstance(A))?.facts).toEqual(primaryFacts(A, T0));
      });
    });

    describe('close', () => {
      it('releases the backend\'s files and connections, and later calls fail with a StoreError', async () => {
        const own = backend().freshLocation();
        const closing = await openStore(own);
        await closing.recordObservation({ facts: primaryFacts(A, T0), clusterName: CLUSTER_A });
        expect(await backend().isReleased(own)).toBe(false);
        await closing.close();
        await closing.close();
        expect(await eventually(() => backend().isReleased(own))).toBe(true);
        const err = await closing.listInstances().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as OrcError).code).toBe('orc_store_failed');
      });

      it('openStore honours an aborted signal', async () => {
        const controller = new AbortController();
        controller.abort();
        const err = await openStore(backend().freshLocation(), { signal: controller.signal }).catch((e: unknown) => e);
        expect((err as OrcError).code).toBe('orc_aborted');
      });
    });
  });
}

import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../core/errors.js';
import { openStore, type StoreConfig } from '../../core/store/open-store.js';
import { primaryFacts } from '../support/store-fixtures.js';
import { migrateTogether } from '../support/store-migrate-together.js';
import { agentRegistrySuite, agentSqlHarness } from './agent-registry-suite.js';
import { leaseSuite, sqlLeaseHarness, sqlLeaseSuite } from './lease-suite.js';
import { notificationOutboxSuite, outboxSqlHarness } from './notification-outbox-suite.js';
import { recoveryRunnerSuite } from './recovery-runner-suite.js';
import { recoveryStoreSuite, sqlHarness } from './recovery-store-suite.js';
import { rolloutSqlHarness, rolloutStoreSuite } from './rollout-store-suite.js';
import { seedSqlHarness, seedStoreSuite } from './seed-store-suite.js';
import { ALL_MIGRATIONS_APPLIED, sqlStoreHarness, sqlStoreSuite, storeSuite } from './store-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'orc-store-test-'));
let files = 0;

function freshLocation(): StoreConfig {
  files += 1;
  return { kind: 'sqlite', path: join(dir, `store-${files}.db`) };
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

storeSuite('SQLite', sqlStoreHarness(freshLocation));

sqlStoreSuite('SQLite', () => ({
  freshLocation,
  // SQLite checkpoints and deletes the WAL file when the last connection to the database closes.
  isReleased: async (config) => config.kind === 'sqlite' && !existsSync(`${config.path}-wal`),
}));

recoveryStoreSuite('SQLite', sqlHarness(freshLocation));

recoveryRunnerSuite('SQLite', sqlHarness(freshLocation));

seedStoreSuite('SQLite', seedSqlHarness(freshLocation));

agentRegistrySuite('SQLite', agentSqlHarness(freshLocation));

rolloutStoreSuite('SQLite', rolloutSqlHarness(freshLocation));

notificationOutboxSuite('SQLite', outboxSqlHarness(freshLocation));

leaseSuite('SQLite', sqlLeaseHarness(freshLocation));

sqlLeaseSuite('SQLite', freshLocation, 'snapshot');

describe('SQLite store specifics', () => {
  it('runs in WAL mode so a reader is not blocked by an open write transaction', async () => {
    const config = freshLocation();
    const store = await openStore(config);
    const path = config.kind === 'sqlite' ? config.path : '';
    const other = new Database(path);
    try {
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
      other.exec('begin immediate');
      other.prepare("insert into orc_clusters (name, alias, primary_host, primary_port, updated_at) values ('x:1', null, 'x', 1, 1)").run();
      expect(await store.listClusters()).toEqual([]);
      other.exec('commit');
      expect((await store.listClusters()).map((c) => c.name)).toEqual(['x:1']);
      other.exec('begin');
      other.prepare('select count(*) from orc_instances').get();
      await store.recordObservation({ facts: primaryFacts({ host: 'a', port: 1 }, 1), clusterName: 'a:1' });
      other.exec('commit');
    } finally {
      other.close();
      await store.close();
    }
  });

  it('processes migrating the same new file at the same moment take turns', async () => {
    const results = await migrateTogether(freshLocation(), 2);
    const applied = results.flat().map((r) => `${r.migrationName}:${r.status}`);
    expect(applied.sort()).toEqual(ALL_MIGRATIONS_APPLIED);
  });

  it('names the path it cannot open', async () => {
    const path = join(dir, 'missing-dir', 'orc.db');
    const err = await openStore({ kind: 'sqlite', path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toContain(path);
  });
});

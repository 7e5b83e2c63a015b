import type { Kysely } from 'kysely';
import type { ClusterRecord } from '../model/instance.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { epochMs, keyColumns, numberColumn } from './store-values.js';
import { withSnapshotRetry } from './stale-snapshot-retry.js';

type Db = Kysely<StoreDatabase>;

/** Names per DELETE when pruning; far below every backend's parameter limit. */
const NAMES_PER_STATEMENT = 500;

/** Inserts or replaces a cluster row. */
export async function upsertCluster(db: Db, dialect: StoreDialect, cluster: ClusterRecord): Promise<void> {
  const primary = keyColumns(cluster.primary);
  const update = {
    alias: cluster.alias,
    primary_host: primary.host,
    primary_port: primary.port,
    updated_at: epochMs(cluster.updatedAt, 'updatedAt'),
  };
  await dialect.upsert(db, 'orc_clusters', { name: cluster.name, ...update }, ['name'], update);
}

/** Deletes the clusters whose names are not in keep, in one transaction. */
export async function pruneClusters(db: Db, keep: readonly string[]): Promise<void> {
  const kept = new Set(keep);
  await withSnapshotRetry(() =>
    db.transaction().execute(async (trx) => {
      // Diffing in JS keeps the statement size bounded however many clusters are kept.
      const names = (await trx.selectFrom('orc_clusters').select('name').execute()).map((r) => r.name).filter((n) => !kept.has(n));
      for (let i = 0; i < names.length; i += NAMES_PER_STATEMENT) {
        await trx.deleteFrom('orc_clusters').where('name', 'in', names.slice(i, i + NAMES_PER_STATEMENT)).execute();
      }
    }),
  );
}

/** Lists clusters ordered by name. */
export async function listClusters(db: Db): Promise<ClusterRecord[]> {
  const rows = await db.selectFrom('orc_clusters').selectAll().orderBy('name').execute();
  return rows.map((row) => ({
    name: row.name,
    alias: row.alias,
    primary: { host: row.primary_host, port: numberColumn(row.primary_port, 'orc_clusters.primary_port') },
    updatedAt: numberColumn(row.updated_at, 'orc_clusters.updated_at'),
  }));
}

import type { Kysely, Selectable } from 'kysely';
import type { InstanceFacts, InstanceRecord } from '../model/instance.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { ObservationInput, ProbeFailureInput } from '../ports/store.js';
import type { InstancesTable, StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { epochMs, keyColumns, MAX_ERROR_LENGTH, numberColumn } from './store-values.js';

type Db = Kysely<StoreDatabase>;

/** Keys per statement when updating many instances; far below every backend's parameter limit. */
const KEYS_PER_STATEMENT = 200;

/** Inserts or refreshes an instance from a successful probe; first_seen_at survives the refresh. */
export async function recordObservation(db: Db, dialect: StoreDialect, { facts, clusterName }: ObservationInput): Promise<void> {
  const at = epochMs(facts.observedAt, 'facts.observedAt');
  const update = {
    cluster_name: clusterName,
    facts: JSON.stringify(facts),
    reachable: 1,
    last_checked_at: at,
    last_seen_at: at,
    last_error: null,
  };
  await dialect.upsert(db, 'orc_instances', { ...keyColumns(facts.key), ...update, first_seen_at: at }, ['host', 'port'], update);
}

/** Marks an instance unreachable keeping its last facts; an unknown one is inserted as never reached. */
export async function recordProbeFailure(db: Db, dialect: StoreDialect, input: ProbeFailureInput, clusterName: string): Promise<void> {
  const at = epochMs(input.at, 'at');
  const update = { reachable: 0, last_checked_at: at, last_error: input.error.slice(0, MAX_ERROR_LENGTH) };
  const neverReached = { ...keyColumns(input.key), ...update, cluster_name: clusterName, facts: null, last_seen_at: null, first_seen_at: at };
  await dialect.upsert(db, 'orc_instances', neverReached, ['host', 'port'], update);
}

/** Moves instances to other clusters in one transaction; keys orc does not know are skipped. */
export async function assignClusters(db: Db, assignments: readonly { key: InstanceKey; clusterName: string }[]): Promise<void> {
  if (assignments.length === 0) return;
  const byCluster = new Map<string, { host: string; port: number }[]>();
  for (const { key, clusterName } of assignments) {
    const keys = byCluster.get(clusterName) ?? [];
    keys.push(keyColumns(key));
    byCluster.set(clusterName, keys);
  }
  await db.transaction().execute(async (trx) => {
    for (const [clusterName, keys] of byCluster) {
      for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
        const chunk = keys.slice(i, i + KEYS_PER_STATEMENT);
        await trx
          .updateTable('orc_instances')
          .set({ cluster_name: clusterName })
          .where((eb) => eb.or(chunk.map((k) => eb.and([eb('host', '=', k.host), eb('port', '=', k.port)]))))
          .execute();
      }
    }
  });
}

/** Reads one instance, or undefined when orc does not know it. */
export async function getInstance(db: Db, key: InstanceKey): Promise<InstanceRecord | undefined> {
  const { host, port } = keyColumns(key);
  const row = await db.selectFrom('orc_instances').selectAll().where('host', '=', host).where('port', '=', port).executeTakeFirst();
  return row ? toInstanceRecord(row) : undefined;
}

/** Lists instances ordered by host then port, optionally those of one cluster only. */
export async function listInstances(db: Db, filter: { clusterName?: string } = {}): Promise<InstanceRecord[]> {
  let query = db.selectFrom('orc_instances').selectAll();
  if (filter.clusterName !== undefined) query = query.where('cluster_name', '=', filter.clusterName);
  const rows = await query.orderBy('host').orderBy('port').execute();
  return rows.map(toInstanceRecord);
}

/** Deletes an instance; false when orc did not know it. */
export async function forgetInstance(db: Db, key: InstanceKey): Promise<boolean> {
  const { host, port } = keyColumns(key);
  const result = await db.deleteFrom('orc_instances').where('host', '=', host).where('port', '=', port).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * One row as a record. Facts that cannot be read make that one server "not known right now" (no facts, not
 * reachable, the reason as its error) rather than failing every listing: its next probe writes them again, and
 * recovery never acts on a cluster it has not probed since it started.
 */
function toInstanceRecord(row: Selectable<InstancesTable>): InstanceRecord {
  const key = { host: row.host, port: numberColumn(row.port, 'orc_instances.port') };
  const facts = row.facts === null ? null : parseFacts(row.facts);
  const unreadable = facts instanceof Error;
  return {
    key,
    clusterName: row.cluster_name,
    facts: unreadable ? null : facts,
    reachable: !unreadable && numberColumn(row.reachable, 'orc_instances.reachable') === 1,
    lastCheckedAt: numberColumn(row.last_checked_at, 'orc_instances.last_checked_at'),
    lastSeenAt: row.last_seen_at === null ? null : numberColumn(row.last_seen_at, 'orc_instances.last_seen_at'),
    lastError: unreadable ? `orc_store_failed: stored facts of ${formatInstanceKey(key)} are not valid JSON (${facts.message}); the next probe replaces them` : row.last_error,
    firstSeenAt: numberColumn(row.first_seen_at, 'orc_instances.first_seen_at'),
  };
}

function parseFacts(text: string): InstanceFacts | Error {
  try {
    return JSON.parse(text) as InstanceFacts;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { LeaseToken } from '../ports/leader-lease.js';
import type { LoadedRollout, RolloutWrite } from '../ports/rollout-store.js';
import type { Rollout } from '../rollouts/rollout.js';
import { checkRolloutKey, type RolloutKey } from '../rollouts/rollout-key.js';
import type { RolloutTarget } from '../rollouts/rollout-target.js';
import { checkLeaseToken } from './lease-queries.js';
import { rolloutLeaseLost } from './rollout-lease-lost.js';
import { rolloutColumns, rolloutOfRow, rolloutTargetColumns, rolloutTargetOfRow } from './rollout-rows.js';
import { checkRolloutList, checkRolloutWrite, checkTargetQuery } from './rollout-store-inputs.js';
import type { RolloutTargetsTable, StoreDatabase } from './schema.js';
import { withSnapshotRetry } from './stale-snapshot-retry.js';
import type { StoreDialect } from './store-dialect.js';
import { underLease } from './under-lease.js';

type Db = Kysely<StoreDatabase> | Transaction<StoreDatabase>;

/** Rows per multi-row statement: 12 columns x 1000 stays far under SQLite's 32766 and MySQL's 65535 placeholders. */
const CHUNK = 1000;

/** The target columns read back (all but namespace and entity). */
const TARGET_COLUMNS = ['name', 'group_name', 'version', 'is_error', 'message', 'version_changed_at', 'error_changed_at', 'reported_at', 'wanted_version', 'wanted_at'] as const;

/** The target columns an upsert replaces (all but the key). */
const TARGET_VALUES = ['group_name', 'version', 'is_error', 'message', 'version_changed_at', 'error_changed_at', 'reported_at', 'wanted_version', 'wanted_at'] as const;

async function readRollout(db: Db, key: RolloutKey): Promise<Rollout | undefined> {
  const row = await db.selectFrom('orc_rollouts').selectAll().where('namespace', '=', key.namespace).where('entity', '=', key.entity).executeTakeFirst();
  return row && rolloutOfRow(row);
}

async function readTargets(db: Db, key: RolloutKey, group?: string): Promise<RolloutTarget[]> {
  // The key columns are known: not reading them back saves a third of the time on 100,000 rows.
  let query = db.selectFrom('orc_rollout_targets').select(TARGET_COLUMNS).where('namespace', '=', key.namespace).where('entity', '=', key.entity);
  if (group !== undefined) query = query.where('group_name', '=', group);
  return (await query.orderBy('name').execute()).map(rolloutTargetOfRow);
}

/** The rollout of key and its targets, in one read transaction (one snapshot on both backends). */
export async function loadRollout(db: Kysely<StoreDatabase>, key: RolloutKey): Promise<LoadedRollout> {
  checkRolloutKey(key);
  return db.transaction().execute(async (trx) => {
    const rollout = await readRollout(trx, key);
    return { rollout, targets: rollout ? await readTargets(trx, key) : [] };
  });
}

/** One rollout without its targets. */
export async function getRollout(db: Kysely<StoreDatabase>, key: RolloutKey): Promise<Rollout | undefined> {
  checkRolloutKey(key);
  return readRollout(db, key);
}

/** Rollouts by namespace then entity, one namespace's on request. */
export async function listRollouts(db: Kysely<StoreDatabase>, options: { namespace?: string } = {}): Promise<Rollout[]> {
  checkRolloutList(options);
  let query = db.selectFrom('orc_rollouts').selectAll().orderBy('namespace').orderBy('entity');
  if (options.namespace !== undefined) query = query.where('namespace', '=', options.namespace);
  return (await query.execute()).map(rolloutOfRow);
}

/** The targets of a rollout by name, one group's on request. */
export async function listRolloutTargets(db: Kysely<StoreDatabase>, key: RolloutKey, options: { group?: string } = {}): Promise<RolloutTarget[]> {
  checkTargetQuery(key, options);
  return readTargets(db, key, options.group);
}

async function upsertTargets(trx: Transaction<StoreDatabase>, dialect: StoreDialect, rows: readonly RolloutTargetsTable[]): Promise<void> {
  for (let at = 0; at < rows.length; at += CHUNK) {
    const chunk = rows.slice(at, at + CHUNK);
    const insert = trx.insertInto('orc_rollout_targets').values(chunk);
    if (dialect.name === 'mysql') {
      await insert.onDuplicateKeyUpdate(Object.fromEntries(TARGET_VALUES.map((c) => [c, sql`values(${sql.ref(c)})`]))).execute();
    } else {
      await insert
        .onConflict((oc) => oc.columns(['namespace', 'entity', 'name']).doUpdateSet((eb) => Object.fromEntries(TARGET_VALUES.map((c) => [c, eb.ref(`excluded.${c}`)]))))
        .execute();
    }
  }
}

/**
 * Writes a step in one transaction: the rollout row by compare-and-set on its revision (an insert that must not
 * find one when expectedRevision is 0), then the target upserts and deletions; false and nothing written when the
 * revision moved. With a lease token, in the same transaction as the token's check (orc_deposed once it lapsed).
 */
export async function saveRollout(db: Kysely<StoreDatabase>, dialect: StoreDialect, write: RolloutWrite, lease?: LeaseToken): Promise<boolean> {
  checkRolloutWrite(write);
  if (lease) checkLeaseToken(lease);
  const key = { namespace: write.rollout.namespace, entity: write.rollout.entity };
  const run = async (trx: Transaction<StoreDatabase>): Promise<boolean> => {
    const columns = rolloutColumns(write.rollout);
    if (write.expectedRevision === 0) {
      const inserted = await trx.insertInto('orc_rollouts').orIgnore().values(columns).executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 0n) return false;
    } else {
      const { namespace: _n, entity: _e, created_at: _c, ...state } = columns;
      const updated = await trx
        .updateTable('orc_rollouts')
        .set(state)
        .where('namespace', '=', key.namespace)
        .where('entity', '=', key.entity)
        .where('revision', '=', write.expectedRevision)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return false;
    }
    await upsertTargets(
      trx,
      dialect,
      write.upserts.map((t) => rolloutTargetColumns(key, t)),
    );
    for (let at = 0; at < write.removals.length; at += CHUNK) {
      const names = write.removals.slice(at, at + CHUNK);
      await trx.deleteFrom('orc_rollout_targets').where('namespace', '=', key.namespace).where('entity', '=', key.entity).where('name', 'in', names).execute();
    }
    return true;
  };
  if (lease) return underLease(db, lease, (token) => rolloutLeaseLost(key, token), run);
  return withSnapshotRetry(() => db.transaction().execute(run));
}

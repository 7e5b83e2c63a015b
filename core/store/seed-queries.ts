import type { Kysely } from 'kysely';
import { StoreError } from '../errors.js';
import type { LeaseToken } from '../ports/leader-lease.js';
import type { SeedExpectation } from '../ports/seed-store.js';
import type { SeedStateRow } from '../seeds/seed-transition.js';
import type { Seed } from '../seeds/seed.js';
import { checkLeaseToken } from './lease-queries.js';
import { ID_LENGTH, type StoreDatabase } from './schema.js';
import { seedLeaseLost } from './seed-lease-lost.js';
import { seedColumns, seedOfRow, seedStateColumns, seedStateOfRow } from './seed-rows.js';
import { checkSeedStateRow, checkStoredSeed } from './seed-store-inputs.js';
import { epochMs, keyText, positiveLimit } from './store-values.js';
import { underLease } from './under-lease.js';

type Db = Kysely<StoreDatabase>;

const ACTIVE = ['Scheduled', 'Running', 'Error', 'Aborting'];

/** Inserts a new seed; a seed with the same id already stored is a StoreError. */
export async function createSeed(db: Db, seed: Seed): Promise<void> {
  checkStoredSeed(seed);
  const result = await db.insertInto('orc_seeds').orIgnore().values(seedColumns(seed)).executeTakeFirst();
  if (result.numInsertedOrUpdatedRows === 0n) throw new StoreError(`store: seed ${seed.id} already exists`, { seed: seed.id });
}

/** One seed by id. */
export async function getSeed(db: Db, id: string): Promise<Seed | undefined> {
  const row = await db.selectFrom('orc_seeds').selectAll().where('id', '=', id).executeTakeFirst();
  return row && seedOfRow(row);
}

/** Seeds newest first, only active ones on request. */
export async function listSeeds(db: Db, options: { active?: boolean; limit?: number } = {}): Promise<Seed[]> {
  let query = db.selectFrom('orc_seeds').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (options.active) query = query.where('status', 'in', ACTIVE);
  if (options.limit !== undefined) query = query.limit(positiveLimit(options.limit, 'seed list'));
  return (await query.execute()).map(seedOfRow);
}

/**
 * Writes a seed's state in one conditional UPDATE while the stored status and stage are the expected ones; with a
 * lease token, in one transaction with the token's check (refused with orc_deposed, nothing written, once it lapsed).
 */
export async function updateSeed(db: Db, seed: Seed, expected: SeedExpectation, lease?: LeaseToken): Promise<boolean> {
  checkStoredSeed(seed);
  if (lease) checkLeaseToken(lease);
  const write = async (on: Db) => {
    const result = await on
      .updateTable('orc_seeds')
      .set(seedStateColumns(seed))
      .where('id', '=', seed.id)
      .where('status', '=', expected.status)
      .where('stage', '=', expected.stage)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  };
  return lease ? underLease(db, lease, (token) => seedLeaseLost(seed.id, token), write) : write(db);
}

/** Flags an active seed for abort. */
export async function requestSeedAbort(db: Db, id: string, at: number): Promise<boolean> {
  keyText(id, ID_LENGTH, 'seed id');
  epochMs(at, 'at');
  const result = await db.updateTable('orc_seeds').set({ abort_requested: 1, updated_at: at }).where('id', '=', id).where('status', 'in', ACTIVE).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Appends one history row; with a lease token, only while it holds (fenced like updateSeed). */
export async function appendSeedState(db: Db, row: SeedStateRow, lease?: LeaseToken): Promise<void> {
  checkSeedStateRow(row);
  if (lease) checkLeaseToken(lease);
  const write = async (on: Db) => {
    await on.insertInto('orc_seed_states').values({ seed_id: row.seedId, at: row.at, agent: row.agent, stage: row.stage, status: row.status, details: row.details }).execute();
  };
  await (lease ? underLease(db, lease, (token) => seedLeaseLost(row.seedId, token), write) : write(db));
}

/** A seed's history in append order. */
export async function listSeedStates(db: Db, seedId: string): Promise<SeedStateRow[]> {
  const rows = await db.selectFrom('orc_seed_states').selectAll().where('seed_id', '=', seedId).orderBy('seq').execute();
  return rows.map(seedStateOfRow);
}

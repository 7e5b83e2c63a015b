import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { InputError, StoreError } from '../errors.js';
import type { LeaderLease, LeaseToken } from '../ports/leader-lease.js';
import { NAME_LENGTH, SETTING_NAME_LENGTH, type LeasesTable, type StoreDatabase } from './schema.js';
import { storeDialectOf } from './store-dialect.js';
import { keyText, numberColumn } from './store-values.js';

type Db = Kysely<StoreDatabase> | Transaction<StoreDatabase>;

/** Rounds of take-or-renew, insert and read tried while other holders keep releasing and re-taking the lease. */
const ACQUIRE_ATTEMPTS = 3;

/** The holder of a released lease's row; no real holder is empty (checkLeaseRequest refuses ''). */
const RELEASED = '';

/** Checks a lease name fits its column (every LeaseStore checks the same way). */
export function checkLeaseName(name: string): void {
  keyText(name, SETTING_NAME_LENGTH, 'lease name');
}

/** Checks a lease request the way every LeaseStore must (the SQL stores and the in-memory fake alike). */
export function checkLeaseRequest(name: string, holder: string, ttlMs?: number): void {
  checkLeaseName(name);
  keyText(holder, NAME_LENGTH, 'lease holder');
  if (ttlMs !== undefined && (!Number.isSafeInteger(ttlMs) || ttlMs < 1)) {
    throw new InputError(`store: lease ttl must be a positive whole number of milliseconds, got ${ttlMs}`, { ttlMs });
  }
}

/** Checks a fencing token the way every LeaseStore must. */
export function checkLeaseToken(token: LeaseToken): void {
  checkLeaseRequest(token.name, token.holder);
  if (!Number.isSafeInteger(token.epoch) || token.epoch < 0) {
    throw new InputError(`store: lease epoch must be a whole number >= 0, got ${token.epoch}`, { epoch: token.epoch });
  }
}

/**
 * Renews the lease when holder has it unexpired (epoch and acquiredAt kept), takes it when it is free or expired
 * (next epoch, new acquiredAt), both for ttlMs from the backend's own clock, and returns the lease as it is
 * afterwards. One conditional UPDATE takes or renews; the first time, an insert-or-ignore creates the row: each is a
 * single statement, so of many racing holders exactly one wins.
 */
export async function tryAcquireLease(db: Db, name: string, holder: string, ttlMs: number): Promise<LeaderLease> {
  checkLeaseRequest(name, holder, ttlMs);
  const now = storeDialectOf(db).nowMs;
  const renewing = sql<boolean>`(holder = ${holder} and expires_at > ${now})`;
  for (let attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt += 1) {
    const taken = await db
      .updateTable('orc_leases')
      // holder and expires_at last: MySQL evaluates assignments left to right, so `renewing` must still see the old row.
      .set({
        epoch: sql<number>`case when ${renewing} then epoch else epoch + 1 end`,
        acquired_at: sql<number>`case when ${renewing} then acquired_at else ${now} end`,
        holder,
        expires_at: sql<number>`${now} + ${ttlMs}`,
      })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now)]))
      .executeTakeFirst();
    if (taken.numUpdatedRows === 0n) {
      await db
        .insertInto('orc_leases')
        .orIgnore()
        .values({ name, holder, acquired_at: now, expires_at: sql<number>`${now} + ${ttlMs}`, epoch: 1 })
        .execute();
    }
    const lease = await getLease(db, name);
    // Otherwise it was released between the statements above: go round again.
    if (lease) return lease;
  }
  throw new StoreError(`store: lease ${name} kept changing hands; try again`, { lease: name });
}

/** Releases the lease when holder has it (the row stays, so the next holder's epoch is still one more); false otherwise. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<boolean> {
  checkLeaseRequest(name, holder);
  const result = await db
    .updateTable('orc_leases')
    .set({ holder: RELEASED, expires_at: 0 })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The lease of name as stored (possibly expired), or null when nobody ever took it or it was released. */
export async function getLease(db: Db, name: string): Promise<LeaderLease | null> {
  checkLeaseName(name);
  const row = await db.selectFrom('orc_leases').selectAll().where('name', '=', name).where('holder', '<>', RELEASED).executeTakeFirst();
  return row ? toLease(row) : null;
}

/**
 * True only when the lease row has the token's holder and epoch and has not expired by the backend's clock. Inside
 * a transaction it keeps the lease from changing hands until that transaction ends (MySQL locks the row; SQLite's
 * transaction cannot write any more once another connection changed it), so a step recorded in the same
 * transaction is recorded only while the token holds.
 */
export async function leaseTokenHolds(db: Kysely<StoreDatabase> | Transaction<StoreDatabase>, token: LeaseToken): Promise<boolean> {
  checkLeaseToken(token);
  const dialect = storeDialectOf(db);
  const query = db
    .selectFrom('orc_leases')
    .select('name')
    .where('name', '=', token.name)
    .where('holder', '=', token.holder)
    .where('epoch', '=', token.epoch)
    .where('expires_at', '>', dialect.nowMs);
  const row = await (db.isTransaction ? dialect.lockRows(query) : query).executeTakeFirst();
  return row !== undefined;
}

function toLease(row: Selectable<LeasesTable>): LeaderLease {
  return {
    name: row.name,
    holder: row.holder,
    acquiredAt: numberColumn(row.acquired_at, 'orc_leases.acquired_at'),
    expiresAt: numberColumn(row.expires_at, 'orc_leases.expires_at'),
    epoch: numberColumn(row.epoch, 'orc_leases.epoch'),
  };
}

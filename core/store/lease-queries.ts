import { sql, type Kysely, type Selectable } from 'kysely';
import { InputError, StoreError } from '../errors.js';
import type { LeaderLease } from '../ports/leader-lease.js';
import { NAME_LENGTH, SETTING_NAME_LENGTH, type LeasesTable, type StoreDatabase } from './schema.js';
import { epochMs, keyText, numberColumn } from './store-values.js';

type Db = Kysely<StoreDatabase>;

/** Rounds of take-or-renew, insert and read tried while other holders keep releasing and re-taking the lease. */
const ACQUIRE_ATTEMPTS = 3;

/** Checks a lease name fits its column (every LeaseStore checks the same way). */
export function checkLeaseName(name: string): void {
  keyText(name, SETTING_NAME_LENGTH, 'lease name');
}

/** Checks a lease request the way every LeaseStore must (the SQL stores and the in-memory fake alike). */
export function checkLeaseRequest(name: string, holder: string, now?: number, ttlMs?: number): void {
  checkLeaseName(name);
  keyText(holder, NAME_LENGTH, 'lease holder');
  if (now !== undefined) epochMs(now, 'now');
  if (ttlMs !== undefined && (!Number.isSafeInteger(ttlMs) || ttlMs < 1)) {
    throw new InputError(`store: lease ttl must be a positive whole number of milliseconds, got ${ttlMs}`, { ttlMs });
  }
}

/**
 * Takes the lease when it is free or expired at now, renews it when holder has it (acquiredAt is kept), and
 * returns the lease as it is afterwards. One conditional UPDATE takes or renews; the first time, an
 * insert-or-ignore creates the row: each is a single statement, so of many racing holders exactly one wins.
 */
export async function tryAcquireLease(db: Db, name: string, holder: string, now: number, ttlMs: number): Promise<LeaderLease> {
  checkLeaseRequest(name, holder, now, ttlMs);
  const expiresAt = now + ttlMs;
  for (let attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt += 1) {
    const taken = await db
      .updateTable('orc_leases')
      // acquired_at first: MySQL evaluates assignments left to right, so holder must still be the old one here.
      .set({
        acquired_at: sql<number>`case when holder = ${holder} then acquired_at else ${now} end`,
        holder,
        expires_at: expiresAt,
      })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now)]))
      .executeTakeFirst();
    if (taken.numUpdatedRows === 0n) {
      await db.insertInto('orc_leases').orIgnore().values({ name, holder, acquired_at: now, expires_at: expiresAt }).execute();
    }
    const lease = await getLease(db, name);
    // Otherwise it was released between the statements above: go round again.
    if (lease) return lease;
  }
  throw new StoreError(`store: lease ${name} kept changing hands; try again`, { lease: name });
}

/** Deletes the lease when holder has it; false otherwise. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<boolean> {
  checkLeaseRequest(name, holder);
  const result = await db.deleteFrom('orc_leases').where('name', '=', name).where('holder', '=', holder).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The lease of name as stored (possibly expired), or null when nobody ever took it or it was released. */
export async function getLease(db: Db, name: string): Promise<LeaderLease | null> {
  checkLeaseName(name);
  const row = await db.selectFrom('orc_leases').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toLease(row) : null;
}

function toLease(row: Selectable<LeasesTable>): LeaderLease {
  return {
    name: row.name,
    holder: row.holder,
    acquiredAt: numberColumn(row.acquired_at, 'orc_leases.acquired_at'),
    expiresAt: numberColumn(row.expires_at, 'orc_leases.expires_at'),
  };
}

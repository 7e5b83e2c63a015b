import type { Kysely, Selectable } from 'kysely';
import { StoreError } from '../errors.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { MaintenanceLock } from '../ports/recovery-store.js';
import { checkLock } from './recovery-store-inputs.js';
import { instanceLocked } from './recovery-store-refusals.js';
import type { LocksTable, StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { epochMs, keyColumns, numberColumn } from './store-values.js';

type Db = Kysely<StoreDatabase>;

/** Rounds of insert, refresh and take-over tried while other owners keep releasing and re-taking the lock. */
const ACQUIRE_ATTEMPTS = 3;

/**
 * Takes an instance's lock: inserts it, or refreshes it (reason and expiry; acquiredAt is kept) when owner holds
 * it, or takes it over when it expired at now; otherwise throws RefusedError orc_lock_held naming the holder.
 * Each step is one statement whose affected rows decide, so two processes racing for a lock cannot both win.
 */
export async function acquireLock(db: Db, dialect: StoreDialect, lock: MaintenanceLock, now: number): Promise<void> {
  checkLock(lock, now);
  const key = keyColumns(lock.instance);
  for (let attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt += 1) {
    try {
      await db
        .insertInto('orc_locks')
        .values({ ...key, owner: lock.owner, reason: lock.reason, acquired_at: lock.acquiredAt, expires_at: lock.expiresAt })
        .execute();
      return;
    } catch (err) {
      if (!dialect.isDuplicateKey(err)) throw err;
    }
    const refreshed = await db
      .updateTable('orc_locks')
      .set({ reason: lock.reason, expires_at: lock.expiresAt })
      .where('host', '=', key.host)
      .where('port', '=', key.port)
      .where('owner', '=', lock.owner)
      .executeTakeFirst();
    if (refreshed.numUpdatedRows > 0n) return;
    const takenOver = await db
      .updateTable('orc_locks')
      .set({ owner: lock.owner, reason: lock.reason, acquired_at: lock.acquiredAt, expires_at: lock.expiresAt })
      .where('host', '=', key.host)
      .where('port', '=', key.port)
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    if (takenOver.numUpdatedRows > 0n) return;
    const holder = await db.selectFrom('orc_locks').selectAll().where('host', '=', key.host).where('port', '=', key.port).executeTakeFirst();
    // Otherwise it changed hands since the statements above (released, or re-taken): go round again.
    if (holder && holder.owner !== lock.owner && numberColumn(holder.expires_at, 'orc_locks.expires_at') > now) throw instanceLocked(toLock(holder));
  }
  throw new StoreError(`store: lock of ${formatInstanceKey(key)} kept changing hands; try again`, { instance: formatInstanceKey(key) });
}

/** Extends every unexpired lock owner holds to expiresAt; returns how many. */
export async function renewLocks(db: Db, owner: string, expiresAt: number, now: number): Promise<number> {
  epochMs(expiresAt, 'expiresAt');
  epochMs(now, 'now');
  const result = await db.updateTable('orc_locks').set({ expires_at: expiresAt }).where('owner', '=', owner).where('expires_at', '>', now).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes the lock when owner holds it; false otherwise. */
export async function releaseLock(db: Db, instance: InstanceKey, owner: string): Promise<boolean> {
  const key = keyColumns(instance);
  const result = await db.deleteFrom('orc_locks').where('host', '=', key.host).where('port', '=', key.port).where('owner', '=', owner).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Lists the locks not expired at now, by host then port. */
export async function listLocks(db: Db, now: number): Promise<MaintenanceLock[]> {
  epochMs(now, 'now');
  const rows = await db.selectFrom('orc_locks').selectAll().where('expires_at', '>', now).orderBy('host').orderBy('port').execute();
  return rows.map(toLock);
}

function toLock(row: Selectable<LocksTable>): MaintenanceLock {
  return {
    instance: { host: row.host, port: numberColumn(row.port, 'orc_locks.port') },
    owner: row.owner,
    reason: row.reason,
    acquiredAt: numberColumn(row.acquired_at, 'orc_locks.acquired_at'),
    expiresAt: numberColumn(row.expires_at, 'orc_locks.expires_at'),
  };
}

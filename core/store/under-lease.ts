import type { Kysely, Transaction } from 'kysely';
import { StoreError, type RefusedError } from '../errors.js';
import type { LeaseToken } from '../ports/leader-lease.js';
import { leaseTokenHolds } from './lease-queries.js';
import type { StoreDatabase } from './schema.js';
import { withSnapshotRetry } from './stale-snapshot-retry.js';

/**
 * Runs a write in one transaction that first checks the fencing token (when there is one), so the write lands only
 * while that lease holds; else refused() is thrown and nothing is written. SQLite has no row lock: a lease that
 * changed hands meanwhile makes the commit fail (SQLITE_BUSY_SNAPSHOT), which is re-checked and refused the same way.
 */
export async function underLease<T>(
  db: Kysely<StoreDatabase>,
  lease: LeaseToken | undefined,
  refused: (token: LeaseToken) => RefusedError,
  write: (trx: Transaction<StoreDatabase>) => Promise<T>,
): Promise<T> {
  try {
    return await withSnapshotRetry(() =>
      db.transaction().execute(async (trx) => {
        if (lease && !(await leaseTokenHolds(trx, lease))) throw refused(lease);
        return write(trx);
      }),
    );
  } catch (err) {
    if (lease && err instanceof StoreError && !(await leaseTokenHolds(db, lease).catch(() => true))) throw refused(lease);
    throw err;
  }
}

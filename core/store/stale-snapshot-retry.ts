/** How often a transaction is run again after SQLite refused its stale snapshot. */
const ATTEMPTS = 5;

/**
 * Runs a read-then-write transaction, again from the start when SQLite refuses it with SQLITE_BUSY_SNAPSHOT: in WAL
 * mode a deferred transaction whose snapshot another process wrote past fails at its first write at once, without
 * the busy timeout (`orc recover` beside `orc serve` on one file). Running it again re-reads everything it checks
 * (lease token, runner), so a guard that no longer holds is still refused. MySQL never reports this code.
 */
export async function withSnapshotRetry<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if (attempt >= ATTEMPTS || (err as { code?: unknown }).code !== 'SQLITE_BUSY_SNAPSHOT') throw err;
    }
  }
}

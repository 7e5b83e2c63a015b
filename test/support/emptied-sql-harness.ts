import { migrateToLatest } from '../../core/store/migrations/migrate-to-latest.js';
import { openStore, openStoreDatabase, type OrcStore, type StoreConfig } from '../../core/store/open-store.js';
import type { StoreDatabase } from '../../core/store/schema.js';

/** A store contract suite's backend over SQL: a handle per open(), tables emptied by reset(), dropped by dispose(). */
export interface EmptiedSqlHarness {
  /** Opens another handle on the suite's data (its own connections or file handle). */
  open(): Promise<OrcStore>;
  /** Empties the suite's tables. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A harness over one fresh, migrated SQL location whose reset empties the given tables (in order): creating a
 * MySQL database per test is slow, emptying a few tables is not.
 */
export function emptiedSqlHarness(freshLocation: () => StoreConfig, tables: readonly (keyof StoreDatabase)[]): () => Promise<EmptiedSqlHarness> {
  return async () => {
    const config = freshLocation();
    const cleaner = await openStoreDatabase(config);
    await migrateToLatest(cleaner.db, cleaner.dialect);
    return {
      open: () => openStore(config),
      reset: async () => {
        for (const table of tables) await cleaner.db.deleteFrom(table).execute();
      },
      dispose: () => cleaner.db.destroy(),
    };
  };
}

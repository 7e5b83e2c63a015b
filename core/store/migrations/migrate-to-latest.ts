import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { StoreError } from '../../errors.js';
import type { StoreDialect } from '../store-dialect.js';
import { refuseNewerStore } from './refuse-newer-store.js';
import { storeMigrations } from './store-migrations.js';

/** Name of the table recording applied migrations (the lock table is this name plus "_lock"). */
export const MIGRATION_TABLE = 'orc_migration';

/**
 * Applies every pending migration and returns the Migrator's per-migration results (empty when up to date);
 * throws a StoreError naming the migration that failed (the driver error is not kept: it may carry SQL values), or
 * orc_refused, changing nothing, when a newer orc has migrated the store.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: StoreDialect): Promise<readonly MigrationResult[]> {
  const provider = storeMigrations(dialect);
  await refuseNewerStore(db, MIGRATION_TABLE, Object.keys(await provider.getMigrations()));
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error === undefined) return results;
  const reason = error instanceof Error ? error.message : String(error);
  const failed = results.find((r) => r.status === 'Error');
  if (failed) {
    throw new StoreError(`store migration ${failed.migrationName} failed: ${reason}`, { migration: failed.migrationName });
  }
  throw new StoreError(`store migrations could not run: ${reason}`);
}

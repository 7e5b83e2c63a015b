import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { StoreError } from '../../errors.js';
import type { StoreDialect } from '../store-dialect.js';
import { storeMigrations } from './store-migrations.js';

/** Name of the table recording applied migrations (the lock table is this name plus "_lock"). */
export const MIGRATION_TABLE = 'orc_migration';

/**
 * Applies every pending migration and returns the Migrator's per-migration results (empty when up to date);
 * throws a StoreError naming the migration that failed (the driver error is not kept: it may carry SQL values).
 */
export async function migrateToLatest(db: Kysely<any>, dialect: StoreDialect): Promise<readonly MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: storeMigrations(dialect),
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

import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.js';

/**
 * Adds orc_leases.epoch, the lease's fencing generation (bigint, not null, 0 on existing rows), unless it is there:
 * one idempotent DDL statement like every other migration.
 */
export function leaseEpochMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (await dialect.columnExists(db, 'orc_leases', 'epoch')) return;
      await db.schema
        .alterTable('orc_leases')
        .addColumn('epoch', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}

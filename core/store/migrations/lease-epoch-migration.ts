import type { Kysely, Migration } from 'kysely';

/**
 * Adds orc_leases.epoch, the lease's fencing generation (bigint, not null, 0 on existing rows), unless the table has
 * it: one idempotent DDL statement like every other migration (ADD COLUMN IF NOT EXISTS is not portable to MySQL 8).
 */
export function leaseEpochMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const tables = await db.introspection.getTables();
      if (tables.find((t) => t.name === 'orc_leases')?.columns.some((c) => c.name === 'epoch')) return;
      await db.schema
        .alterTable('orc_leases')
        .addColumn('epoch', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}

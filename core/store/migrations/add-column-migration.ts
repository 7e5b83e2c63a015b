import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';

/** A column type as kysely's schema builder takes it (a type name or sql`...`). */
type ColumnType = Parameters<ReturnType<Kysely<unknown>['schema']['alterTable']>['addColumn']>[1];

/** A migration adding one column unless the table has it (ADD COLUMN IF NOT EXISTS is not portable to MySQL 8). */
export function addColumnMigration(
  table: string,
  column: string,
  type: ColumnType,
  build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder = (c) => c,
): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const tables = await db.introspection.getTables();
      const existing = tables.find((t) => t.name === table);
      if (existing?.columns.some((c) => c.name === column)) return;
      await db.schema.alterTable(table).addColumn(column, type, build).execute();
    },
  };
}

import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../store-dialect.js';

/** A migration creating one index unless it exists (CREATE INDEX IF NOT EXISTS is not portable to MySQL 8). */
export function createIndexMigration(dialect: StoreDialect, name: string, table: string, columns: string[]): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (await dialect.indexExists(db, table, name)) return;
      await db.schema.createIndex(name).on(table).columns(columns).execute();
    },
  };
}

import type { Kysely, Migration } from 'kysely';
import { HOST_LENGTH, NAME_LENGTH } from '../schema.js';
import type { StoreDialect } from '../store-dialect.js';

/** Creates orc_nodes, one health row per running orc service (one idempotent DDL statement like every migration). */
export function nodesMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_nodes')
            .ifNotExists()
            .addColumn('holder', `varchar(${NAME_LENGTH})`, (c) => c.notNull().primaryKey())
            .addColumn('host', `varchar(${HOST_LENGTH})`, (c) => c.notNull())
            .addColumn('pid', 'integer', (c) => c.notNull())
            .addColumn('version', 'varchar(64)', (c) => c.notNull())
            .addColumn('started_at', 'bigint', (c) => c.notNull())
            .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
            .addColumn('role', 'varchar(16)', (c) => c.notNull()),
        )
        .execute();
    },
  };
}

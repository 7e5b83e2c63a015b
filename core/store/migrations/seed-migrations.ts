import type { Kysely, Migration } from 'kysely';
import { HOST_LENGTH, ID_LENGTH } from '../schema.js';
import type { StoreDialect } from '../store-dialect.js';
import { createIndexMigration } from './create-index-migration.js';

// Same rule as store-migrations.ts: one idempotent DDL statement per migration.

function seedsTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_seeds')
            .ifNotExists()
            .addColumn('id', `varchar(${ID_LENGTH})`, (c) => c.notNull().primaryKey())
            .addColumn('method', 'varchar(32)', (c) => c.notNull())
            .addColumn('source_host', `varchar(${HOST_LENGTH})`, (c) => c.notNull())
            .addColumn('source_port', 'integer', (c) => c.notNull())
            .addColumn('target_host', `varchar(${HOST_LENGTH})`, (c) => c.notNull())
            .addColumn('target_port', 'integer', (c) => c.notNull())
            .addColumn('stage', 'varchar(32)', (c) => c.notNull())
            .addColumn('status', 'varchar(16)', (c) => c.notNull())
            .addColumn('retries', dialect.longText, (c) => c.notNull())
            .addColumn('bytes_copied', 'bigint', (c) => c.notNull())
            .addColumn('progress_at', 'bigint')
            .addColumn('abort_requested', 'integer', (c) => c.notNull())
            .addColumn('created_at', 'bigint', (c) => c.notNull())
            .addColumn('started_at', 'bigint')
            .addColumn('ended_at', 'bigint')
            .addColumn('updated_at', 'bigint', (c) => c.notNull())
            .addColumn('error', dialect.longText),
        )
        .execute();
    },
  };
}

function seedStatesTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_seed_states')
            .ifNotExists()
            .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
            .addColumn('seed_id', `varchar(${ID_LENGTH})`, (c) => c.notNull())
            .addColumn('at', 'bigint', (c) => c.notNull())
            .addColumn('agent', 'varchar(16)')
            .addColumn('stage', 'varchar(32)', (c) => c.notNull())
            .addColumn('status', 'varchar(16)', (c) => c.notNull())
            .addColumn('details', dialect.longText, (c) => c.notNull()),
        )
        .execute();
    },
  };
}

/** The migrations of seeds and their state history (0022 onwards). */
export function seedMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0022_seeds': seedsTable(dialect),
    '0023_seeds_created_index': createIndexMigration(dialect, 'orc_seeds_created_idx', 'orc_seeds', ['created_at', 'id']),
    '0024_seed_states': seedStatesTable(dialect),
    '0025_seed_states_seed_index': createIndexMigration(dialect, 'orc_seed_states_seed_idx', 'orc_seed_states', ['seed_id', 'seq']),
  };
}

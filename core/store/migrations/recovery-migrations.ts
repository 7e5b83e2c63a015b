import type { Kysely, Migration } from 'kysely';
import { CLUSTER_NAME_LENGTH, HOST_LENGTH, ID_LENGTH, NAME_LENGTH, SETTING_NAME_LENGTH } from '../schema.js';
import type { StoreDialect } from '../store-dialect.js';
import { addColumnMigration } from './add-column-migration.js';
import { createIndexMigration } from './create-index-migration.js';

// Same rule as store-migrations.ts: one idempotent DDL statement per migration.

function recoveriesTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_recoveries')
            .ifNotExists()
            .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
            .addColumn('id', `varchar(${ID_LENGTH})`, (c) => c.notNull().unique())
            .addColumn('cluster', `varchar(${CLUSTER_NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('cluster_alias', `varchar(${CLUSTER_NAME_LENGTH})`)
            .addColumn('kind', 'varchar(32)', (c) => c.notNull())
            .addColumn('trigger_code', `varchar(${NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('failed_host', `varchar(${HOST_LENGTH})`, (c) => c.notNull())
            .addColumn('failed_port', 'integer', (c) => c.notNull())
            .addColumn('successor_host', `varchar(${HOST_LENGTH})`)
            .addColumn('successor_port', 'integer')
            .addColumn('status', 'varchar(16)', (c) => c.notNull())
            // Unique and null once ended (both backends allow many nulls): at most one running recovery per cluster.
            .addColumn('active_cluster', `varchar(${CLUSTER_NAME_LENGTH})`, (c) => c.unique())
            .addColumn('actor', `varchar(${NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('started_at', 'bigint', (c) => c.notNull())
            .addColumn('ended_at', 'bigint')
            .addColumn('lost', dialect.longText, (c) => c.notNull())
            .addColumn('summary', dialect.longText, (c) => c.notNull())
            .addColumn('acknowledged_at', 'bigint')
            .addColumn('acknowledged_by', `varchar(${NAME_LENGTH})`)
            .addColumn('ack_comment', dialect.longText),
        )
        .execute();
    },
  };
}

function recoveryStepsTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_recovery_steps')
            .ifNotExists()
            .addColumn('recovery_id', `varchar(${ID_LENGTH})`, (c) => c.notNull())
            .addColumn('step_index', 'integer', (c) => c.notNull())
            .addColumn('name', `varchar(${NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('status', 'varchar(16)', (c) => c.notNull())
            .addColumn('started_at', 'bigint', (c) => c.notNull())
            .addColumn('ended_at', 'bigint')
            .addColumn('message', dialect.longText, (c) => c.notNull())
            .addPrimaryKeyConstraint('orc_recovery_steps_pk', ['recovery_id', 'step_index']),
        )
        .execute();
    },
  };
}

function locksTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_locks')
            .ifNotExists()
            .addColumn('host', `varchar(${HOST_LENGTH})`, (c) => c.notNull())
            .addColumn('port', 'integer', (c) => c.notNull())
            .addColumn('owner', `varchar(${NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('reason', dialect.longText, (c) => c.notNull())
            .addColumn('acquired_at', 'bigint', (c) => c.notNull())
            .addColumn('expires_at', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint('orc_locks_pk', ['host', 'port']),
        )
        .execute();
    },
  };
}

function downtimeTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_downtime')
            .ifNotExists()
            .addColumn('host', `varchar(${HOST_LENGTH})`, (c) => c.notNull())
            .addColumn('port', 'integer', (c) => c.notNull())
            .addColumn('owner', `varchar(${NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('reason', dialect.longText, (c) => c.notNull())
            .addColumn('began_at', 'bigint', (c) => c.notNull())
            .addColumn('ends_at', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint('orc_downtime_pk', ['host', 'port']),
        )
        .execute();
    },
  };
}

function fencesTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_fences')
            .ifNotExists()
            .addColumn('host', `varchar(${HOST_LENGTH})`, (c) => c.notNull())
            .addColumn('port', 'integer', (c) => c.notNull())
            .addColumn('cluster', `varchar(${CLUSTER_NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('recovery_id', `varchar(${ID_LENGTH})`, (c) => c.notNull())
            .addColumn('fenced_at', 'bigint', (c) => c.notNull())
            .addColumn('state', 'varchar(16)', (c) => c.notNull())
            .addColumn('updated_at', 'bigint', (c) => c.notNull())
            .addColumn('detail', dialect.longText, (c) => c.notNull())
            .addPrimaryKeyConstraint('orc_fences_pk', ['host', 'port']),
        )
        .execute();
    },
  };
}

function settingsTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_settings')
            .ifNotExists()
            .addColumn('name', `varchar(${SETTING_NAME_LENGTH})`, (c) => c.notNull().primaryKey())
            .addColumn('value', dialect.longText, (c) => c.notNull())
            .addColumn('updated_at', 'bigint', (c) => c.notNull()),
        )
        .execute();
    },
  };
}

/**
 * The migrations of recoveries, their steps, locks, downtime, fences and settings, by name (0007 to 0014), then
 * what lets another orc take over a recovery (0017 onwards: runner, heartbeat, progress, data loss).
 */
export function recoveryMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0007_recoveries': recoveriesTable(dialect),
    '0008_recoveries_started_index': createIndexMigration(dialect, 'orc_recoveries_started_idx', 'orc_recoveries', ['started_at', 'seq']),
    '0009_recoveries_cluster_index': createIndexMigration(dialect, 'orc_recoveries_cluster_idx', 'orc_recoveries', ['cluster', 'started_at', 'seq']),
    '0010_recovery_steps': recoveryStepsTable(dialect),
    '0011_locks': locksTable(dialect),
    '0012_downtime': downtimeTable(dialect),
    '0013_fences': fencesTable(dialect),
    '0014_settings': settingsTable(dialect),
    '0017_recoveries_runner': addColumnMigration('orc_recoveries', 'runner', `varchar(${NAME_LENGTH})`),
    '0018_recoveries_renewed_at': addColumnMigration('orc_recoveries', 'renewed_at', 'bigint'),
    '0019_recoveries_progress': addColumnMigration('orc_recoveries', 'progress', dialect.longText),
    '0020_recoveries_data_loss': addColumnMigration('orc_recoveries', 'data_loss', 'integer', (c) => c.notNull().defaultTo(0)),
  };
}

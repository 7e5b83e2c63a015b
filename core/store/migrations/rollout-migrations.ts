import type { Kysely, Migration } from 'kysely';
import { ROLLOUT_NAME_LENGTH } from '../../rollouts/rollout-key.js';
import { ROLLOUT_TEXT_LENGTH } from '../../rollouts/rollout-text.js';
import { CLUSTER_NAME_LENGTH } from '../schema.js';
import type { StoreDialect } from '../store-dialect.js';

// Same rule as store-migrations.ts: one idempotent DDL statement per migration.

function rolloutsTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_rollouts')
            .ifNotExists()
            .addColumn('namespace', `varchar(${ROLLOUT_NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('entity', `varchar(${ROLLOUT_NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('revision', 'bigint', (c) => c.notNull())
            .addColumn('target_version', `varchar(${ROLLOUT_TEXT_LENGTH})`, (c) => c.notNull())
            .addColumn('rolling_version', `varchar(${ROLLOUT_TEXT_LENGTH})`, (c) => c.notNull())
            .addColumn('last_known_good', `varchar(${ROLLOUT_TEXT_LENGTH})`, (c) => c.notNull())
            .addColumn('last_known_bad', `varchar(${ROLLOUT_TEXT_LENGTH})`, (c) => c.notNull())
            .addColumn('phase', 'varchar(16)', (c) => c.notNull())
            .addColumn('options', dialect.longText, (c) => c.notNull())
            .addColumn('progress', dialect.longText, (c) => c.notNull())
            .addColumn('created_at', 'bigint', (c) => c.notNull())
            .addColumn('updated_at', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint('orc_rollouts_pk', ['namespace', 'entity']),
        )
        .execute();
    },
  };
}

function rolloutTargetsTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_rollout_targets')
            .ifNotExists()
            .addColumn('namespace', `varchar(${ROLLOUT_NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('entity', `varchar(${ROLLOUT_NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('name', `varchar(${ROLLOUT_TEXT_LENGTH})`, (c) => c.notNull())
            .addColumn('group_name', `varchar(${ROLLOUT_TEXT_LENGTH})`, (c) => c.notNull())
            .addColumn('version', `varchar(${ROLLOUT_TEXT_LENGTH})`, (c) => c.notNull())
            .addColumn('is_error', 'integer', (c) => c.notNull())
            .addColumn('message', dialect.longText, (c) => c.notNull())
            .addColumn('version_changed_at', 'bigint', (c) => c.notNull())
            .addColumn('error_changed_at', 'bigint', (c) => c.notNull())
            .addColumn('reported_at', 'bigint', (c) => c.notNull())
            .addColumn('wanted_version', `varchar(${ROLLOUT_TEXT_LENGTH})`, (c) => c.notNull())
            .addColumn('wanted_at', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint('orc_rollout_targets_pk', ['namespace', 'entity', 'name']),
        )
        .execute();
    },
  };
}

function fleetRolloutsTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_fleet_rollouts')
            .ifNotExists()
            .addColumn('id', `varchar(${ROLLOUT_NAME_LENGTH})`, (c) => c.notNull().primaryKey())
            .addColumn('cluster_name', `varchar(${CLUSTER_NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('revision', 'bigint', (c) => c.notNull())
            .addColumn('done', 'integer', (c) => c.notNull())
            .addColumn('body', dialect.longText, (c) => c.notNull())
            .addColumn('created_at', 'bigint', (c) => c.notNull())
            .addColumn('updated_at', 'bigint', (c) => c.notNull()),
        )
        .execute();
    },
  };
}

/** The migrations of rollouts and their targets and orc's fleet rollouts (0027 onwards). */
export function rolloutMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0027_rollouts': rolloutsTable(dialect),
    '0028_rollout_targets': rolloutTargetsTable(dialect),
    '0029_fleet_rollouts': fleetRolloutsTable(dialect),
  };
}

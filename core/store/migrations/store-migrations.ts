import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { CLUSTER_NAME_LENGTH, HOST_LENGTH, NAME_LENGTH, SETTING_NAME_LENGTH } from '../schema.js';
import type { StoreDialect } from '../store-dialect.js';
import { agentMigrations } from './agent-migrations.js';
import { createIndexMigration } from './create-index-migration.js';
import { leaseEpochMigration } from './lease-epoch-migration.js';
import { nodesMigration } from './nodes-migration.js';
import { notificationMigrations } from './notification-migrations.js';
import { recoveryMigrations } from './recovery-migrations.js';
import { rolloutMigrations } from './rollout-migrations.js';
import { seedMigrations } from './seed-migrations.js';

// Migrations are not transactional on either backend, so each one runs a single idempotent DDL statement: a
// crash between the DDL and the Migrator's bookkeeping leaves nothing half-applied, and the next start redoes it.

function instancesTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_instances')
            .ifNotExists()
            .addColumn('host', `varchar(${HOST_LENGTH})`, (c) => c.notNull())
            .addColumn('port', 'integer', (c) => c.notNull())
            .addColumn('cluster_name', `varchar(${CLUSTER_NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('facts', dialect.longText)
            .addColumn('reachable', 'integer', (c) => c.notNull())
            .addColumn('last_checked_at', 'bigint', (c) => c.notNull())
            .addColumn('last_seen_at', 'bigint')
            .addColumn('last_error', dialect.longText)
            .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint('orc_instances_pk', ['host', 'port']),
        )
        .execute();
    },
  };
}

function instancesClusterIndex(dialect: StoreDialect): Migration {
  return createIndexMigration(dialect, 'orc_instances_cluster_idx', 'orc_instances', ['cluster_name', 'host', 'port']);
}

function clustersTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_clusters')
            .ifNotExists()
            .addColumn('name', `varchar(${CLUSTER_NAME_LENGTH})`, (c) => c.notNull().primaryKey())
            .addColumn('alias', `varchar(${CLUSTER_NAME_LENGTH})`)
            .addColumn('primary_host', `varchar(${HOST_LENGTH})`, (c) => c.notNull())
            .addColumn('primary_port', 'integer', (c) => c.notNull())
            .addColumn('updated_at', 'bigint', (c) => c.notNull()),
        )
        .execute();
    },
  };
}

function auditTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_audit')
            .ifNotExists()
            // SQLite only allows AUTOINCREMENT on an INTEGER PRIMARY KEY, so seq is the key and id is unique.
            .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
            .addColumn('id', 'varchar(64)', (c) => c.notNull().unique())
            .addColumn('at', 'bigint', (c) => c.notNull())
            .addColumn('actor', 'varchar(255)', (c) => c.notNull())
            .addColumn('action', 'varchar(128)', (c) => c.notNull())
            .addColumn('target', 'varchar(512)', (c) => c.notNull())
            .addColumn('cluster', `varchar(${CLUSTER_NAME_LENGTH})`)
            .addColumn('detail', dialect.longText, (c) => c.notNull())
            .addColumn('outcome', 'varchar(16)', (c) => c.notNull()),
        )
        .execute();
    },
  };
}

function auditAtIndex(dialect: StoreDialect): Migration {
  return createIndexMigration(dialect, 'orc_audit_at_idx', 'orc_audit', ['at', 'seq']);
}

function auditClusterIndex(dialect: StoreDialect): Migration {
  return createIndexMigration(dialect, 'orc_audit_cluster_idx', 'orc_audit', ['cluster', 'at', 'seq']);
}

function leasesTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_leases')
            .ifNotExists()
            .addColumn('name', `varchar(${SETTING_NAME_LENGTH})`, (c) => c.notNull().primaryKey())
            .addColumn('holder', `varchar(${NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('acquired_at', 'bigint', (c) => c.notNull())
            .addColumn('expires_at', 'bigint', (c) => c.notNull()),
        )
        .execute();
    },
  };
}

/** orc's schema history as ordered, named migrations for kysely's Migrator; append new ones, never edit old ones. */
export function storeMigrations(dialect: StoreDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_instances': instancesTable(dialect),
    '0002_instances_cluster_index': instancesClusterIndex(dialect),
    '0003_clusters': clustersTable(dialect),
    '0004_audit': auditTable(dialect),
    '0005_audit_at_index': auditAtIndex(dialect),
    '0006_audit_cluster_index': auditClusterIndex(dialect),
    ...recoveryMigrations(dialect),
    '0015_leases': leasesTable(dialect),
    '0016_lease_epoch': leaseEpochMigration(),
    '0021_nodes': nodesMigration(dialect),
    ...seedMigrations(dialect),
    ...agentMigrations(dialect),
    ...rolloutMigrations(dialect),
    ...notificationMigrations(dialect),
  };
  return { getMigrations: async () => migrations };
}

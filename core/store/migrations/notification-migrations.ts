import type { Kysely, Migration } from 'kysely';
import { CLUSTER_NAME_LENGTH, ID_LENGTH, NAME_LENGTH } from '../schema.js';
import type { StoreDialect } from '../store-dialect.js';
import { createIndexMigration } from './create-index-migration.js';

// Same rule as store-migrations.ts: one idempotent DDL statement per migration.

/** Longest notification event key. */
export const EVENT_KEY_LENGTH = 255;

/** Longest channel id or name a notification or confirmation is routed to. */
export const CHANNEL_LENGTH = 128;

function notificationsTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_notifications')
            .ifNotExists()
            .addColumn('event_key', `varchar(${EVENT_KEY_LENGTH})`, (c) => c.notNull().primaryKey())
            .addColumn('cluster', `varchar(${CLUSTER_NAME_LENGTH})`)
            .addColumn('channel', `varchar(${CHANNEL_LENGTH})`, (c) => c.notNull())
            .addColumn('text', dialect.longText, (c) => c.notNull())
            .addColumn('payload', dialect.longText, (c) => c.notNull())
            .addColumn('created_at', 'bigint', (c) => c.notNull())
            .addColumn('attempts', 'integer', (c) => c.notNull())
            .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
            .addColumn('delivered_at', 'bigint')
            .addColumn('last_error', dialect.longText),
        )
        .execute();
    },
  };
}

function confirmationsTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_confirmations')
            .ifNotExists()
            .addColumn('id', `varchar(${ID_LENGTH})`, (c) => c.notNull().primaryKey())
            .addColumn('requester', `varchar(${NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('requester_name', `varchar(${NAME_LENGTH})`, (c) => c.notNull())
            .addColumn('channel', `varchar(${CHANNEL_LENGTH})`, (c) => c.notNull())
            .addColumn('command', dialect.longText, (c) => c.notNull())
            .addColumn('created_at', 'bigint', (c) => c.notNull())
            .addColumn('expires_at', 'bigint', (c) => c.notNull()),
        )
        .execute();
    },
  };
}

/** The migrations of the notification outbox and pending confirmations (0030 onwards). */
export function notificationMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0030_notifications': notificationsTable(dialect),
    '0031_notifications_due_index': createIndexMigration(dialect, 'orc_notifications_due_idx', 'orc_notifications', ['delivered_at', 'next_attempt_at']),
    '0032_confirmations': confirmationsTable(dialect),
  };
}

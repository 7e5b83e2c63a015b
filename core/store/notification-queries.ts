import type { Kysely } from 'kysely';
import { auditEntryFromRow } from './audit-queries.js';
import type { NotificationInput, QueuedNotification, SequencedAuditEntry } from '../ports/notification-outbox.js';
import { CHANNEL_LENGTH, EVENT_KEY_LENGTH } from './migrations/notification-migrations.js';
import { CLUSTER_NAME_LENGTH } from './schema.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { boundedText, epochMs, keyText, MAX_ERROR_LENGTH, numberColumn, positiveLimit } from './store-values.js';

type Db = Kysely<StoreDatabase>;

/** Inserts each notification whose event key is not queued yet (a duplicate is skipped, not an error); returns how many were new. */
export async function enqueueNotifications(db: Db, dialect: StoreDialect, items: readonly NotificationInput[]): Promise<number> {
  let added = 0;
  for (const item of items) {
    keyText(item.eventKey, EVENT_KEY_LENGTH, 'notification event key');
    keyText(item.channel, CHANNEL_LENGTH, 'notification channel');
    if (item.cluster !== null) boundedText(item.cluster, CLUSTER_NAME_LENGTH, 'notification cluster');
    try {
      await db
        .insertInto('orc_notifications')
        .values({
          event_key: item.eventKey,
          cluster: item.cluster,
          channel: item.channel,
          text: item.text,
          payload: item.payload,
          created_at: epochMs(item.createdAt, 'createdAt'),
          attempts: 0,
          next_attempt_at: item.createdAt,
          delivered_at: null,
          last_error: null,
        })
        .execute();
      added += 1;
    } catch (err) {
      // Producers re-derive events after a restart: the key already queued is the duplicate to suppress.
      if (!dialect.isDuplicateKey(err)) throw err;
    }
  }
  return added;
}

/** Undelivered notifications due at now, oldest first. */
export async function dueNotifications(db: Db, now: number, limit: number): Promise<QueuedNotification[]> {
  const rows = await db
    .selectFrom('orc_notifications')
    .selectAll()
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '<=', epochMs(now, 'now'))
    .orderBy('created_at')
    .orderBy('event_key')
    .limit(positiveLimit(limit, 'notification'))
    .execute();
  return rows.map(toNotification);
}

/** Marks a notification delivered at at. */
export async function markNotificationDelivered(db: Db, eventKey: string, at: number): Promise<void> {
  await db.updateTable('orc_notifications').set({ delivered_at: epochMs(at, 'at'), last_error: null }).where('event_key', '=', eventKey).execute();
}

/** Records a failed delivery attempt and when to try again. */
export async function markNotificationFailed(db: Db, eventKey: string, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
  await db
    .updateTable('orc_notifications')
    .set({ attempts, next_attempt_at: epochMs(nextAttemptAt, 'nextAttemptAt'), last_error: error.slice(0, MAX_ERROR_LENGTH) })
    .where('event_key', '=', eventKey)
    .where('delivered_at', 'is', null)
    .execute();
}

/** Every notification, newest first. */
export async function listNotifications(db: Db, options: { limit?: number } = {}): Promise<QueuedNotification[]> {
  const rows = await db
    .selectFrom('orc_notifications')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('event_key', 'desc')
    .limit(positiveLimit(options.limit ?? 100, 'notification'))
    .execute();
  return rows.map(toNotification);
}

/** Audit entries with seq above after, oldest first. */
export async function listAuditAfter(db: Db, after: number, limit: number): Promise<SequencedAuditEntry[]> {
  const rows = await db
    .selectFrom('orc_audit')
    .selectAll()
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(positiveLimit(limit, 'audit'))
    .execute();
  return rows.map((row) => ({ seq: numberColumn(row.seq, 'orc_audit.seq'), entry: auditEntryFromRow(row) }));
}

function toNotification(row: StoreDatabase['orc_notifications']): QueuedNotification {
  return {
    eventKey: row.event_key,
    cluster: row.cluster,
    channel: row.channel,
    text: row.text,
    payload: row.payload,
    createdAt: numberColumn(row.created_at, 'orc_notifications.created_at'),
    attempts: numberColumn(row.attempts, 'orc_notifications.attempts'),
    nextAttemptAt: numberColumn(row.next_attempt_at, 'orc_notifications.next_attempt_at'),
    deliveredAt: row.delivered_at === null ? null : numberColumn(row.delivered_at, 'orc_notifications.delivered_at'),
    lastError: row.last_error,
  };
}

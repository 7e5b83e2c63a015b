import type { AuditEntry } from '../model/instance.js';

/** One notification to queue: a unique event key (a second enqueue of the same key is ignored), where and what. */
export interface NotificationInput {
  /** Identifies the event (e.g. "recovery:ID:ended"): the outbox keeps one notification per key, ever. */
  readonly eventKey: string;
  readonly cluster: string | null;
  /** The channel id or name it is routed to. */
  readonly channel: string;
  /** The one-line fallback text. */
  readonly text: string;
  /** The notification as JSON text (what the notifier formats). */
  readonly payload: string;
  readonly createdAt: number;
}

/** A queued notification with its delivery state. */
export interface QueuedNotification extends NotificationInput {
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly deliveredAt: number | null;
  readonly lastError: string | null;
}

/** An audit entry with its position in the log (seq grows with every append). */
export interface SequencedAuditEntry {
  readonly seq: number;
  readonly entry: AuditEntry;
}

/** The durable outbox of notifications: queued once per event, retried until delivered, never lost across restarts. */
export interface NotificationOutbox {
  /** Queues each notification whose event key is new; returns how many were new. */
  enqueueNotifications(items: readonly NotificationInput[]): Promise<number>;
  /** Undelivered notifications whose next attempt is due at now, oldest first. */
  dueNotifications(now: number, limit: number): Promise<QueuedNotification[]>;
  markNotificationDelivered(eventKey: string, at: number): Promise<void>;
  /** Records a failed attempt: the attempt count, when to try again and why it failed. */
  markNotificationFailed(eventKey: string, attempts: number, nextAttemptAt: number, error: string): Promise<void>;
  /** Every notification, newest first. */
  listNotifications(options?: { limit?: number }): Promise<QueuedNotification[]>;
  /** Audit entries appended after seq, oldest first: how producers tail the audit log by a persisted cursor. */
  listAuditAfter(seq: number, limit: number): Promise<SequencedAuditEntry[]>;
}

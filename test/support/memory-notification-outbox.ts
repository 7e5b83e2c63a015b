import type { AuditEntry } from '../../core/model/instance.js';
import type { NotificationInput, NotificationOutbox, QueuedNotification, SequencedAuditEntry } from '../../core/ports/notification-outbox.js';
import type { PendingConfirmation, PendingConfirmations } from '../../core/ports/pending-confirmations.js';
import { CHANNEL_LENGTH, EVENT_KEY_LENGTH } from '../../core/store/migrations/notification-migrations.js';
import { epochMs, keyText, MAX_ERROR_LENGTH, positiveLimit } from '../../core/store/store-values.js';

/**
 * The NotificationOutbox and PendingConfirmations ports in memory with the SQL stores' semantics (one notification
 * per event key, oldest due first, copies in and out); MemoryStore delegates to it and lends it its audit log.
 */
export class MemoryNotificationOutbox implements NotificationOutbox, PendingConfirmations {
  private readonly queued = new Map<string, QueuedNotification>();
  private readonly confirmations = new Map<string, PendingConfirmation>();

  /** assertOpen throws once the owning store is closed; audit is the owning store's log in append order. */
  constructor(
    private readonly assertOpen: () => void,
    private readonly audit: () => readonly AuditEntry[],
  ) {}

  async enqueueNotifications(items: readonly NotificationInput[]): Promise<number> {
    this.assertOpen();
    let added = 0;
    for (const item of items) {
      keyText(item.eventKey, EVENT_KEY_LENGTH, 'notification event key');
      keyText(item.channel, CHANNEL_LENGTH, 'notification channel');
      epochMs(item.createdAt, 'createdAt');
      if (this.queued.has(item.eventKey)) continue;
      this.queued.set(item.eventKey, { ...item, attempts: 0, nextAttemptAt: item.createdAt, deliveredAt: null, lastError: null });
      added += 1;
    }
    return added;
  }

  async dueNotifications(now: number, limit: number): Promise<QueuedNotification[]> {
    this.assertOpen();
    positiveLimit(limit, 'notification');
    return [...this.queued.values()]
      .filter((n) => n.deliveredAt === null && n.nextAttemptAt <= now)
      .sort((a, b) => a.createdAt - b.createdAt || a.eventKey.localeCompare(b.eventKey))
      .slice(0, limit)
      .map((n) => ({ ...n }));
  }

  async markNotificationDelivered(eventKey: string, at: number): Promise<void> {
    this.assertOpen();
    const n = this.queued.get(eventKey);
    if (n) this.queued.set(eventKey, { ...n, deliveredAt: epochMs(at, 'at'), lastError: null });
  }

  async markNotificationFailed(eventKey: string, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    this.assertOpen();
    const n = this.queued.get(eventKey);
    if (n && n.deliveredAt === null) this.queued.set(eventKey, { ...n, attempts, nextAttemptAt: epochMs(nextAttemptAt, 'nextAttemptAt'), lastError: error.slice(0, MAX_ERROR_LENGTH) });
  }

  async listNotifications(options?: { limit?: number }): Promise<QueuedNotification[]> {
    this.assertOpen();
    const limit = positiveLimit(options?.limit ?? 100, 'notification');
    return [...this.queued.values()]
      .sort((a, b) => b.createdAt - a.createdAt || b.eventKey.localeCompare(a.eventKey))
      .slice(0, limit)
      .map((n) => ({ ...n }));
  }

  async listAuditAfter(seq: number, limit: number): Promise<SequencedAuditEntry[]> {
    this.assertOpen();
    positiveLimit(limit, 'audit');
    return this.audit()
      .map((entry, i) => ({ seq: i + 1, entry: structuredClone(entry) }))
      .filter((e) => e.seq > seq)
      .slice(0, limit);
  }

  async savePendingConfirmation(confirmation: PendingConfirmation): Promise<void> {
    this.assertOpen();
    if (this.confirmations.has(confirmation.id)) throw new Error(`duplicate confirmation id ${confirmation.id}`);
    this.confirmations.set(confirmation.id, { ...confirmation });
  }

  async getPendingConfirmation(id: string): Promise<PendingConfirmation | undefined> {
    this.assertOpen();
    const c = this.confirmations.get(id);
    return c && { ...c };
  }

  async takePendingConfirmation(id: string): Promise<PendingConfirmation | undefined> {
    this.assertOpen();
    const c = this.confirmations.get(id);
    this.confirmations.delete(id);
    return c && { ...c };
  }
}

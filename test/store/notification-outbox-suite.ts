import { describe, expect, it } from 'vitest';
import { OrcError } from '../../core/errors.js';
import type { NotificationInput } from '../../core/ports/notification-outbox.js';
import type { OrcStore, StoreConfig } from '../../core/store/open-store.js';
import { emptiedSqlHarness } from '../support/emptied-sql-harness.js';
import { useStoreSession } from '../support/store-session.js';
import type { RecoveryStoreHarness } from './recovery-store-suite.js';

const T0 = 1_700_000_000_000;

/** A harness over one fresh, migrated SQL location whose reset empties the outbox, confirmations and audit tables. */
export function outboxSqlHarness(freshLocation: () => StoreConfig): () => Promise<RecoveryStoreHarness> {
  return emptiedSqlHarness(freshLocation, ['orc_notifications', 'orc_confirmations', 'orc_audit']);
}

function note(eventKey: string, createdAt = T0, fields: Partial<NotificationInput> = {}): NotificationInput {
  return { eventKey, cluster: 'db-a:3306', channel: 'C-OPS', text: `event ${eventKey}`, payload: JSON.stringify({ kind: 'x', key: eventKey }), createdAt, ...fields };
}

/** Registers the NotificationOutbox and PendingConfirmations contract tests; the same suite runs on SQLite, MariaDB and the in-memory fake. */
export function notificationOutboxSuite(name: string, harness: () => Promise<RecoveryStoreHarness>): void {
  describe(`NotificationOutbox on ${name}`, () => {
    let store: OrcStore;
    const session = useStoreSession(harness, (s) => {
      store = s.store;
    });

    it('queues one notification per event key: a repeated key is suppressed, even from another handle', async () => {
      expect(await store.enqueueNotifications([note('a'), note('b', T0 + 1)])).toBe(2);
      const other = await session.another();
      expect(await other.enqueueNotifications([note('a', T0 + 5, { text: 'again' }), note('c', T0 + 2)])).toBe(1);
      const due = await store.dueNotifications(T0 + 10, 10);
      expect(due.map((n) => n.eventKey)).toEqual(['a', 'b', 'c']);
      expect(due[0]).toEqual({ ...note('a'), attempts: 0, nextAttemptAt: T0, deliveredAt: null, lastError: null });
    });

    it('hands out only undelivered notifications whose next attempt is due, and keeps the failure count', async () => {
      await store.enqueueNotifications([note('a'), note('b', T0 + 1), note('c', T0 + 2)]);
      await store.markNotificationDelivered('a', T0 + 3);
      await store.markNotificationFailed('b', 1, T0 + 1000, 'slack: 503');
      expect((await store.dueNotifications(T0 + 10, 10)).map((n) => n.eventKey)).toEqual(['c']);
      const later = await store.dueNotifications(T0 + 1000, 10);
      expect(later.map((n) => [n.eventKey, n.attempts, n.lastError])).toEqual([['b', 1, 'slack: 503'], ['c', 0, null]]);
      expect(await store.dueNotifications(T0 + 1000, 1)).toHaveLength(1);
      // A late failure report does not undo a delivery.
      await store.markNotificationFailed('a', 5, T0, 'late');
      const listed = await store.listNotifications();
      expect(listed.map((n) => n.eventKey)).toEqual(['c', 'b', 'a']);
      expect(listed[2]).toMatchObject({ deliveredAt: T0 + 3, attempts: 0, lastError: null });
    });

    it('refuses an empty key or channel with orc_bad_input, queuing nothing', async () => {
      for (const bad of [note(''), note('k', T0, { channel: '' }), note('x'.repeat(300))]) {
        const err = await store.enqueueNotifications([bad]).catch((e: unknown) => e);
        expect((err as OrcError).code).toBe('orc_bad_input');
      }
      expect(await store.listNotifications()).toEqual([]);
    });

    it('tails the audit log by sequence, oldest first', async () => {
      for (let i = 1; i <= 3; i++) {
        await store.appendAudit({ id: `e${i}`, at: T0 - i, actor: 'cli:me', action: 'discover', target: 'db-a:3306', cluster: null, detail: `d${i}`, outcome: 'ok' });
      }
      const all = await store.listAuditAfter(0, 10);
      expect(all.map((e) => e.entry.id)).toEqual(['e1', 'e2', 'e3']);
      expect(all[0]!.entry).toEqual({ id: 'e1', at: T0 - 1, actor: 'cli:me', action: 'discover', target: 'db-a:3306', cluster: null, detail: 'd1', outcome: 'ok' });
      const after = await store.listAuditAfter(all[0]!.seq, 1);
      expect(after.map((e) => e.entry.id)).toEqual(['e2']);
      expect(await store.listAuditAfter(all[2]!.seq, 10)).toEqual([]);
    });

    it('gives a pending confirmation to exactly one taker', async () => {
      const c = { id: 'conf1', requester: 'U1', requesterName: 'ann', channel: 'C-OPS', command: '{"kind":"failover"}', createdAt: T0, expiresAt: T0 + 60_000 };
      await store.savePendingConfirmation(c);
      expect(await store.getPendingConfirmation('conf1')).toEqual(c);
      const other = await session.another();
      const taken = await Promise.all([store.takePendingConfirmation('conf1'), other.takePendingConfirmation('conf1')]);
      expect(taken.filter((t) => t !== undefined)).toEqual([c]);
      expect(await store.getPendingConfirmation('conf1')).toBeUndefined();
    });
  });
}

import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { silentLogger } from '../../../core/ports/logger.js';
import type { Notifier } from '../../../core/ports/notifier.js';
import { backoffDelay } from '../../../core/notifications/backoff-delay.js';
import { deliverNotifications } from '../../../core/notifications/deliver-notifications.js';
import type { Notification } from '../../../core/notifications/notification.js';
import { produceNotifications } from '../../../core/notifications/produce-notifications.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryStore } from '../../support/memory-store.js';
import { makeRecovery } from '../../support/recovery-builder.js';
import { newSeed } from '../../../core/seeds/seed.js';

const T0 = 1_700_000_000_000;
const routing = { default: 'C-DEFAULT', clusters: { sales: 'C-SALES' } };
const backoff = { minBackoffMs: 1000, maxBackoffMs: 8000 };

/** A notifier that fails while down and records what it sent. */
class FlakyNotifier implements Notifier {
  down = false;
  readonly sent: { channel: string; notification: Notification }[] = [];
  async send(channel: string, notification: Notification): Promise<void> {
    if (this.down) throw new Error('slack: service unavailable');
    this.sent.push({ channel, notification });
  }
}

async function endRecovery(store: MemoryStore, clock: ManualClock, id: string, cluster: string, alias: string | null): Promise<void> {
  const record = makeRecovery({
    id,
    cluster,
    clusterAlias: alias,
    failed: parseInstanceKey(cluster),
    startedAt: clock.now() - 4200,
  });
  await store.registerRecovery(record);
  await store.finishRecovery(id, { status: 'succeeded', endedAt: clock.now(), successor: parseInstanceKey('db-b:3306'), lost: [parseInstanceKey('db-c:3306')], dataLoss: false, summary: 'promoted db-b:3306' });
  await store.upsertCluster({ name: cluster, alias, primary: parseInstanceKey('db-b:3306'), updatedAt: clock.now() });
  await store.appendAudit({ id: `a-${id}`, at: clock.now(), actor: 'orc', action: 'dead-primary', target: cluster, cluster, detail: `recovery ${id}: succeeded: promoted db-b:3306`, outcome: 'ok' });
}

describe('notifications from the audit log through the outbox', () => {
  it('skips history on the first tick, then queues each ended recovery once, routed by alias or default', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock(T0);
    await endRecovery(store, clock, 'old', 'db-z:3306', null);
    expect(await produceNotifications({ store, routing, clock })).toBe(0);
    await endRecovery(store, clock, 'r1', 'db-a:3306', 'sales');
    await endRecovery(store, clock, 'r2', 'db-x:3306', null);
    await store.appendAudit({ id: 'noise', at: T0, actor: 'cli:me', action: 'discover', target: 'db-a:3306', cluster: null, detail: '', outcome: 'ok' });
    expect(await produceNotifications({ store, routing, clock })).toBe(2);
    expect(await produceNotifications({ store, routing, clock })).toBe(0);
    const queued = await store.listNotifications();
    expect(queued.map((n) => [n.eventKey, n.channel]).sort()).toEqual([['recovery:r1', 'C-SALES'], ['recovery:r2', 'C-DEFAULT']]);
    const r1 = JSON.parse(queued.find((n) => n.eventKey === 'recovery:r1')!.payload) as Notification;
    expect(r1.title).toBe('Failover of sales succeeded: db-b:3306 is the new primary');
    expect(r1.fields).toEqual(
      expect.arrayContaining([
        { label: 'Failed server', value: 'db-a:3306' },
        { label: 'Successor', value: 'db-b:3306' },
        { label: 'Lost replicas', value: 'db-c:3306' },
        { label: 'Duration', value: '4.2 s' },
        { label: 'Failure type', value: 'DeadPrimary' },
      ]),
    );
  });

  it('retries with exponential backoff while Slack is down, then delivers every notification exactly once, across a restart', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock(T0);
    const notifier = new FlakyNotifier();
    await produceNotifications({ store, routing, clock });
    for (const id of ['r1', 'r2', 'r3']) await endRecovery(store, clock, id, `db-${id}:3306`, null);
    await produceNotifications({ store, routing, clock });
    notifier.down = true;
    const deps = { outbox: store, notifier, clock, logger: silentLogger, backoff };
    expect(await deliverNotifications(deps)).toEqual({ delivered: 0, failed: 1 });
    const first = (await store.listNotifications()).find((n) => n.attempts === 1)!;
    expect(first.nextAttemptAt).toBe(T0 + 1000);
    expect(first.lastError).toContain('service unavailable');
    await clock.advance(1000);
    await deliverNotifications(deps);
    expect((await store.listNotifications()).find((n) => n.eventKey === first.eventKey)!.nextAttemptAt).toBe(T0 + 1000 + 2000);
    notifier.down = false;
    await clock.advance(5000);
    expect(await deliverNotifications(deps)).toEqual({ delivered: 3, failed: 0 });
    // A restarted deliverer (new deps over the same store) and a re-run producer send nothing again.
    await produceNotifications({ store, routing, clock });
    expect(await deliverNotifications({ ...deps, notifier })).toEqual({ delivered: 0, failed: 0 });
    expect(notifier.sent.map((s) => s.notification.title).sort()).toEqual(
      ['r1', 'r2', 'r3'].map((id) => `Failover of db-${id}:3306 succeeded: db-b:3306 is the new primary`),
    );
  });

  it('queues a seed that ended since notifications began, once; one that ended before is history', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock(T0);
    const seed = (id: string, endedAt: number) => ({
      ...newSeed({ id, method: 'dump' as const, source: parseInstanceKey('db-a:3306'), target: parseInstanceKey('db-c:3306'), now: T0 - 60_000 }),
      status: 'Completed' as const,
      stage: 'Cleanup' as const,
      startedAt: T0 - 50_000,
      endedAt,
    });
    await store.createSeed(seed('old', T0 - 1));
    await produceNotifications({ store, routing, clock });
    await store.createSeed(seed('new', T0 + 10));
    expect(await produceNotifications({ store, routing, clock })).toBe(1);
    expect(await produceNotifications({ store, routing, clock })).toBe(0);
    const queued = await store.listNotifications();
    expect(queued.map((n) => [n.eventKey, n.channel, n.text])).toEqual([['seed:new:Completed', 'C-DEFAULT', 'Seed new of db-c:3306 completed']]);
  });

  it('doubles the backoff from the minimum up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 40].map((a) => backoffDelay(a, 1000, 8000))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });
});

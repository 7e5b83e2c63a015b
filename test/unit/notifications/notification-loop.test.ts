import { afterEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { systemClock } from '../../../core/ports/clock.js';
import { silentLogger } from '../../../core/ports/logger.js';
import type { Notifier } from '../../../core/ports/notifier.js';
import type { Notification } from '../../../core/notifications/notification.js';
import { NotificationLoop } from '../../../core/notifications/notification-loop.js';
import { AUDIT_CURSOR_SETTING } from '../../../core/notifications/produce-notifications.js';
import { parseConfig } from '../../../core/config.js';
import { MemoryStore } from '../../support/memory-store.js';
import { until } from '../../support/service-harness.js';

const config = parseConfig({
  topology: { user: 'orc' },
  service: { leaseMs: 600, renewMs: 100 },
  slack: { signingSecret: 's', botToken: 'xoxb-t', channels: { default: 'C-ALERTS' }, delivery: { intervalMs: 50, minBackoffMs: 50, maxBackoffMs: 200 } },
});

class RecordingNotifier implements Notifier {
  down = false;
  readonly sent: string[] = [];
  async send(channel: string, n: Notification): Promise<void> {
    if (this.down) throw new Error('slack down');
    this.sent.push(`${channel} ${n.title}`);
  }
}

const loops: NotificationLoop[] = [];
afterEach(async () => {
  for (const l of loops.splice(0)) await l.stop();
});

function loop(store: MemoryStore, notifier: Notifier, host: string): NotificationLoop {
  const l = new NotificationLoop({ store, notifier, config: { service: config.service, slack: config.slack! }, clock: systemClock, logger: silentLogger, orcHost: host });
  loops.push(l);
  return l;
}

async function takeoverEnded(store: MemoryStore, id: string): Promise<void> {
  const now = Date.now();
  await store.registerRecovery({
    id, cluster: 'db-a:3306', clusterAlias: null, kind: 'graceful-takeover', trigger: 'graceful-takeover', failed: parseInstanceKey('db-a:3306'), successor: null, status: 'running', actor: 'slack:U1 (ann)',
    startedAt: now - 1000, endedAt: null, lost: [], dataLoss: false, summary: '', acknowledgedAt: null, acknowledgedBy: null, ackComment: null, runner: null, renewedAt: null, progress: null,
  });
  await store.finishRecovery(id, { status: 'succeeded', endedAt: now, successor: parseInstanceKey('db-b:3306'), lost: [], summary: 'done' });
  await store.appendAudit({ id: `a-${id}`, at: now, actor: 'slack:U1 (ann)', action: 'graceful-takeover', target: 'db-a:3306', cluster: 'db-a:3306', detail: `recovery ${id}: succeeded: done`, outcome: 'ok' });
}

describe('NotificationLoop', () => {
  it('delivers through one holder of the notifier lease at a time, retries while Slack is down, and a successor sends each notification exactly once', async () => {
    const store = new MemoryStore();
    const notifier = new RecordingNotifier();
    const a = loop(store, notifier, 'orc-a');
    const b = loop(store, notifier, 'orc-b');
    await a.start();
    await b.start();
    await until('one loop to deliver', async () => a.delivering !== b.delivering, 5000, 20);
    await until('the audit cursor', async () => (await store.getSetting(AUDIT_CURSOR_SETTING)) !== null, 5000, 20);
    notifier.down = true;
    await takeoverEnded(store, 't1');
    await until('a failed attempt', async () => ((await store.listNotifications())[0]?.attempts ?? 0) > 0, 5000, 20);
    const [active, standby] = a.delivering ? [a, b] : [b, a];
    await active.stop();
    await takeoverEnded(store, 't2');
    notifier.down = false;
    await until('the other loop to take over and deliver both', async () => standby.delivering && notifier.sent.length === 2, 10_000, 20);
    expect(notifier.sent.sort()).toEqual([
      'C-ALERTS Graceful takeover of db-a:3306 succeeded: db-b:3306 is the new primary',
      'C-ALERTS Graceful takeover of db-a:3306 succeeded: db-b:3306 is the new primary',
    ]);
    expect((await store.listNotifications()).map((n) => [n.eventKey, n.deliveredAt !== null]).sort()).toEqual([['recovery:t1', true], ['recovery:t2', true]]);
  });
});

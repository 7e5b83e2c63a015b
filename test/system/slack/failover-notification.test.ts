import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killServer } from '../../../ci-env/lab.js';
import { AUDIT_CURSOR_SETTING } from '../../../core/notifications/produce-notifications.js';
import { useLabWithOrcProcess } from '../../support/lab-with-orc-process.js';
import { LAB_PORTS } from '../../support/ports.js';
import { until } from '../../support/service-harness.js';
import { SlackStandIn } from '../../support/slack-stand-in.js';

const CHANNEL = 'C-ALERTS';
const standIn = new SlackStandIn();

beforeAll(async () => {
  await standIn.start(LAB_PORTS.slackStandIn);
});

afterAll(async () => {
  await standIn.stop();
});

describe('orc serve with a slack section, its primary killed while Slack is down, orc killed and started again', () => {
  const setup = useLabWithOrcProcess('t-slack-notify', LAB_PORTS.slackNotify, {}, (raw) => {
    raw.slack = {
      signingSecret: 'lab-signing-secret',
      botToken: 'xoxb-lab-token',
      apiUrl: `http://127.0.0.1:${LAB_PORTS.slackStandIn}/api/`,
      port: 0,
      channels: { default: CHANNEL },
      delivery: { intervalMs: 200, minBackoffMs: 200, maxBackoffMs: 1000 },
    };
  });

  it('delivers the failover notification, naming the failed and the successor servers, exactly once', { timeout: 120_000 }, async () => {
    const { lab, store } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    const first = await setup.startOrc(lab.instances.length);
    await until('the notifier to place its audit cursor', async () => (await store.getSetting(AUDIT_CURSOR_SETTING)) !== null, 20_000, 100);

    standIn.down = true;
    await killServer(lab.name, primary.port);
    const recovery = await until('the failover to end', async () => (await store.listRecoveries()).find((r) => r.status !== 'running'), 60_000, 100);
    expect(recovery).toMatchObject({ kind: 'dead-primary', status: 'succeeded', failed: { port: primary.port } });
    const queued = await until(
      'a failed delivery attempt',
      async () => (await store.listNotifications()).find((n) => n.eventKey === `recovery:${recovery.id}` && n.attempts > 0),
      20_000,
      100,
    );
    expect(queued).toMatchObject({ channel: CHANNEL, deliveredAt: null });
    expect(queued.lastError).toContain('503');

    // The orc that queued it dies; Slack comes back; the next orc delivers what the first one could not.
    await first.kill9();
    standIn.down = false;
    await setup.startOrc(lab.instances.length - 1);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 30_000);
    await until('the delivery to be recorded', async () => (await store.listNotifications()).every((n) => n.deliveredAt !== null), 10_000, 100);

    const posts = standIn.of('chat.postMessage');
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    const successor = `127.0.0.1:${recovery.successor!.port}`;
    expect(post.args.channel).toBe(CHANNEL);
    expect(post.authorization).toBe('Bearer xoxb-lab-token');
    expect(post.args.text).toContain(`${successor} is the new primary`);
    const body = JSON.stringify(post.args.blocks);
    expect(body).toContain(`*Failed server*\\n127.0.0.1:${primary.port}`);
    expect(body).toContain(`*Successor*\\n${successor}`);
    expect(body).toContain(recovery.id);
  });
});

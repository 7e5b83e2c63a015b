import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killServer } from '../../../ci-env/lab.js';
import { AUDIT_CURSOR_SETTING } from '../../../core/notifications/produce-notifications.js';
import { useLabWithOrcProcess } from '../../support/lab-with-orc-process.js';
import { LAB_PORTS } from '../../support/ports.js';
import { until } from '../../support/service-harness.js';
import { buttonBody, slackPost, slashBody } from '../../support/slack-signed-request.js';
import { confirmationIdOf, SlackStandIn } from '../../support/slack-stand-in.js';
import { CONFIRM_ACTION } from '../../../bot/views/action-views.js';

const CHANNEL = 'C-ALERTS';
const SECRET = 'lab-signing-secret';
const DBA = { id: 'U-DBA', name: 'dba' };
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
      signingSecret: SECRET,
      botToken: 'xoxb-lab-token',
      apiUrl: `http://127.0.0.1:${LAB_PORTS.slackStandIn}/api/`,
      port: LAB_PORTS.slackBot,
      authorization: { destructive: { users: [DBA.id] } },
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

  it('takes the recovered cluster over from Slack once confirmed, updating one message, and posts the takeover notification', { timeout: 90_000 }, async () => {
    const { store } = setup;
    const failover = (await store.listRecoveries()).find((r) => r.kind === 'dead-primary')!;
    const primary = `127.0.0.1:${failover.successor!.port}`;
    standIn.calls.length = 0;
    const url = `http://127.0.0.1:${LAB_PORTS.slackBot}/slack/events`;
    expect((await slackPost(url, slashBody(`takeover ${primary}`, DBA, 'C-OPS', standIn.responseUrl('takeover')), SECRET)).status).toBe(200);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage' && String(c.args.text).startsWith('Confirm: Graceful takeover')), 20_000);
    const confirmation = standIn.of('chat.postMessage').find((c) => String(c.args.text).startsWith('Confirm:'))!;
    expect((await store.listRecoveries()).filter((r) => r.kind === 'graceful-takeover')).toEqual([]);
    await slackPost(url, buttonBody(CONFIRM_ACTION, confirmationIdOf(confirmation), DBA, 'C-OPS', '1.000001', standIn.responseUrl('confirm')), SECRET);
    const takeover = await until('the takeover to end', async () => (await store.listRecoveries()).find((r) => r.kind === 'graceful-takeover' && r.status !== 'running'), 60_000, 100);
    expect(takeover).toMatchObject({ status: 'succeeded', actor: 'slack:U-DBA (dba)', failed: { port: failover.successor!.port } });
    const successor = `127.0.0.1:${takeover.successor!.port}`;
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && String(c.args.text).startsWith('Takeover of')), 20_000);
    expect(standIn.of('chat.update').every((u) => u.args.ts === '1.000001')).toBe(true);
    expect(String(standIn.of('chat.update').at(-1)!.args.text)).toContain(`${successor} is the new primary`);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage' && String(c.args.text).startsWith('Graceful takeover of')), 20_000);
    const told = standIn.of('chat.postMessage').filter((c) => String(c.args.text).startsWith('Graceful takeover of'));
    expect(told).toHaveLength(1);
    expect(told[0]!.args.text).toContain(`${successor} is the new primary`);
  });
});

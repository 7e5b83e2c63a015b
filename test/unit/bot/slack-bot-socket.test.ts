import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_ACTION } from '../../../bot/views/action-views.js';
import { SlackBot } from '../../../bot/slack-bot.js';
import { parseConfig } from '../../../core/config.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { commandFixture, CLUSTER, R1, type CommandFixture } from '../commands/command-fixture.js';
import { buttonEnvelope, mentionEnvelope, slashEnvelope } from '../../support/slack-envelopes.js';
import { SlackSocketStandIn, type SocketDrop } from '../../support/slack-socket-stand-in.js';
import { confirmationIdOf, SlackStandIn, type SlackCall } from '../../support/slack-stand-in.js';

const ANN = { id: 'U-ANN', name: 'ann' };
const EVE = { id: 'U-EVE', name: 'eve' };
const CHANNEL = 'C-OPS';
// Slack acks must arrive within 3 s or Slack retries the envelope and shows the user an error.
const SLACK_ACK_DEADLINE_MS = 3000;

const standIn = new SlackStandIn();
const sockets = new SlackSocketStandIn();
let fixture: CommandFixture;
let bot: SlackBot;

beforeAll(async () => {
  await standIn.start();
  await sockets.start();
  standIn.socketUrl = sockets.url;
  fixture = await commandFixture();
  const slack = parseConfig({
    topology: { user: 'orc' },
    slack: {
      mode: 'socket',
      appToken: 'xapp-test-token',
      botToken: 'xoxb-test-token',
      apiUrl: standIn.apiUrl,
      allowedChannels: [CHANNEL],
      authorization: { operate: { users: [ANN.id] }, destructive: { users: [ANN.id] } },
    },
  }).slack!;
  bot = new SlackBot({ ctx: { ...fixture.ctx, store: fixture.store }, slack, logger: silentLogger });
  await bot.start();
});

afterAll(async () => {
  await bot?.stop();
  await sockets.stop();
  await standIn.stop();
});

afterEach(() => {
  standIn.calls.length = 0;
});

/** Pushes `/orc TEXT` over the socket, expects Slack's ack deadline kept, and returns the reply posted to its response_url. */
async function slash(text: string, name: string, user = ANN): Promise<SlackCall> {
  const ack = await sockets.push(slashEnvelope(text, user, CHANNEL, standIn.responseUrl(name)));
  expect(ack.afterMs).toBeLessThan(SLACK_ACK_DEADLINE_MS);
  await standIn.waitFor((calls) => calls.some((c) => c.method === `response/${name}`));
  return standIn.of(`response/${name}`)[0]!;
}

function replyText(call: SlackCall): string {
  return JSON.stringify(call.args.blocks ?? call.args.text);
}

describe('the Slack bot in Socket Mode', () => {
  it('opens its connection with the app token through the configured API URL, and serves on no port', () => {
    // apps.connections.open and auth.test ran at start, before afterEach first cleared the calls.
    expect(standIn.of('apps.connections.open').map((c) => c.authorization)).toEqual(['Bearer xapp-test-token']);
    expect(standIn.of('auth.test')[0]?.authorization).toBe('Bearer xoxb-test-token');
    expect(sockets.connections).toBe(1);
    expect(bot.listeningPort).toBeNull();
  });

  it('acks a /orc clusters envelope within 3 s and replies through the response_url', async () => {
    const reply = await slash('clusters', 'clusters');
    expect(reply.args.response_type).toBe('ephemeral');
    expect(replyText(reply)).toContain(CLUSTER);
    expect(sockets.strays).toEqual([]);
  });

  it('answers an app mention in its thread', async () => {
    const ack = await sockets.push(mentionEnvelope('<@UBOT> topology shop', ANN.id, CHANNEL, '1700.000001'));
    expect(ack.afterMs).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const post = standIn.of('chat.postMessage')[0]!;
    expect(post.args).toMatchObject({ channel: CHANNEL, thread_ts: '1700.000001' });
    expect(replyText(post)).toContain('Topology of shop');
  });

  it('asks to confirm a takeover; a click by an unauthorized user is refused and changes nothing; the requester runs it', async () => {
    await sockets.push(slashEnvelope(`takeover ${CLUSTER} ${R1}`, ANN, CHANNEL, standIn.responseUrl('takeover')));
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const post = standIn.of('chat.postMessage')[0]!;
    expect(replyText(post)).toContain('takeover');
    const id = confirmationIdOf(post);
    const ts = '1001.000100';

    const eveAck = await sockets.push(buttonEnvelope(CONFIRM_ACTION, id, EVE, CHANNEL, ts, standIn.responseUrl('eve-click')));
    expect(eveAck.afterMs).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'response/eve-click'));
    expect(replyText(standIn.of('response/eve-click')[0]!)).toContain('only U-ANN or a user authorized');
    expect(await fixture.store.getPendingConfirmation(id)).toBeDefined();
    expect(await fixture.store.listRecoveries()).toEqual([]);
    expect(standIn.of('chat.update')).toEqual([]);
    expect((await fixture.store.listAudit()).some((e) => e.actor === 'slack:U-EVE (eve)' && e.outcome === 'refused')).toBe(true);

    const annAck = await sockets.push(buttonEnvelope(CONFIRM_ACTION, id, ANN, CHANNEL, ts, standIn.responseUrl('ann-click')));
    expect(annAck.afterMs).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    await standIn.waitFor((calls) => calls.filter((c) => c.method === 'chat.update').length >= 2);
    const updates = standIn.of('chat.update');
    expect(updates.every((u) => u.args.ts === ts && u.args.channel === CHANNEL)).toBe(true);
    expect(replyText(updates[0]!)).toContain('Running');
    const recoveries = await fixture.store.listRecoveries();
    expect(recoveries.map((r) => [r.kind, r.actor])).toEqual([['graceful-takeover', 'slack:U-ANN (ann)']]);
    expect(await fixture.store.getPendingConfirmation(id)).toBeUndefined();
  });

  it.each<SocketDrop>(['terminate', 'refresh'])('reconnects after the connection ends (%s) and keeps answering commands', { timeout: 30_000 }, async (how) => {
    const before = sockets.connections;
    sockets.drop(how);
    // The client waits its ping timeout (5 s) before dialing again, asking apps.connections.open for a new URL.
    await sockets.waitForConnections(before + 1);
    expect(standIn.of('apps.connections.open').map((c) => c.authorization)).toEqual(['Bearer xapp-test-token']);
    expect(replyText(await slash('help', `help-after-${how}`))).toContain('/orc takeover CLUSTER');
  });

  it('stops once its connection is closed', async () => {
    await bot.stop();
    expect(sockets.openConnections).toBe(0);
    await expect(sockets.push(slashEnvelope('help', ANN, CHANNEL, standIn.responseUrl('after-stop')))).rejects.toThrow('no open connection');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_ACTION, CONFIRM_ACTION } from '../../../bot/views/action-views.js';
import { SlackBot } from '../../../bot/slack-bot.js';
import { parseConfig } from '../../../core/config.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { commandFixture, CLUSTER, R1, type CommandFixture } from '../commands/command-fixture.js';
import { buttonBody, mentionBody, slackPost, slashBody, type Spoil } from '../../support/slack-signed-request.js';
import { confirmationIdOf, SlackStandIn, type SlackCall } from '../../support/slack-stand-in.js';

const SECRET = 'signing-secret-for-tests';
const ANN = { id: 'U-ANN', name: 'ann' };
const BOB = { id: 'U-BOB', name: 'bob' };
const EVE = { id: 'U-EVE', name: 'eve' };
const CHANNEL = 'C-OPS';

const standIn = new SlackStandIn();
let fixture: CommandFixture;
let bot: SlackBot;
let url: string;

beforeAll(async () => {
  await standIn.start();
  fixture = await commandFixture();
  const slack = parseConfig({
    topology: { user: 'orc' },
    slack: {
      signingSecret: SECRET,
      botToken: 'xoxb-test-token',
      apiUrl: standIn.apiUrl,
      allowedChannels: [CHANNEL, 'C-OTHER'],
      authorization: { operate: { users: [ANN.id, BOB.id] }, destructive: { users: [ANN.id], userGroups: ['S-DBA'] } },
    },
  }).slack!;
  standIn.groupMembers = { 'S-DBA': [BOB.id] };
  bot = new SlackBot({ ctx: { ...fixture.ctx, store: fixture.store }, slack, logger: silentLogger });
  await bot.start(0);
  url = `http://127.0.0.1:${bot.listeningPort}/slack/events`;
});

afterAll(async () => {
  await bot?.stop();
  await standIn.stop();
});

afterEach(() => {
  standIn.calls.length = 0;
});

async function slash(text: string, user = ANN, channel = CHANNEL, spoil: Spoil = 'none'): Promise<Response> {
  return slackPost(url, slashBody(text, user, channel, standIn.responseUrl(`${user.id}-${text.replace(/\W/g, '_')}`)), SECRET, spoil);
}

function replyText(call: SlackCall): string {
  return JSON.stringify(call.args.blocks ?? call.args.text);
}

async function responseFor(prefix: string): Promise<SlackCall> {
  await standIn.waitFor((calls) => calls.some((c) => c.method.startsWith(`response/${prefix}`)));
  return standIn.calls.find((c) => c.method.startsWith(`response/${prefix}`))!;
}

describe('the Slack bot over its HTTP receiver', () => {
  it('checks its token with auth.test at start and answers /orc through the response_url', async () => {
    expect(standIn.of('auth.test')[0]?.authorization).toBe('Bearer xoxb-test-token');
    await slash('clusters');
    await responseFor('U-ANN-clusters');
    // auth.test ran at start, before this test's calls were recorded; the reply went to the response_url.
    expect(replyText(await responseFor('U-ANN-clusters'))).toContain(CLUSTER);
  });

  it.each<Spoil>(['wrong-secret', 'tampered', 'expired', 'unsigned'])('answers a %s request 401 and does nothing', async (spoil) => {
    const audit = (await fixture.store.listAudit()).length;
    const res = await slash('downtime 127.0.0.1:3307 1h spoiled', ANN, CHANNEL, spoil);
    expect(res.status).toBe(401);
    // Give a wrongly accepted request the time a correct one takes to act, then check nothing did.
    const ok = await slash('help');
    expect(ok.status).toBe(200);
    await responseFor('U-ANN-help');
    expect(standIn.calls.filter((c) => c.method.includes('downtime'))).toEqual([]);
    expect(await fixture.store.listDowntime(fixture.ctx.clock.now())).toEqual([]);
    expect((await fixture.store.listAudit()).length).toBe(audit);
  });

  it('answers an app mention in its thread, naming the user from users.info in the audit of a refusal', async () => {
    const res = await slackPost(url, mentionBody('<@UBOT> topology shop', ANN.id, CHANNEL, '1700.000001'), SECRET, 'none', undefined, 'application/json');
    expect(res.status).toBe(200);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const post = standIn.of('chat.postMessage')[0]!;
    expect(post.args).toMatchObject({ channel: CHANNEL, thread_ts: '1700.000001' });
    expect(replyText(post)).toContain('Topology of shop');
    await slackPost(url, mentionBody('<@UBOT> ack shop', EVE.id, CHANNEL, '1700.000002'), SECRET, 'none', undefined, 'application/json');
    await standIn.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length === 2);
    expect(replyText(standIn.of('chat.postMessage')[1]!)).toContain('not authorized for operate');
    expect((await fixture.store.listAudit()).some((e) => e.actor === 'slack:U-EVE (name-of-u-eve)' && e.outcome === 'refused')).toBe(true);
  });

  it('answers a read with Block Kit: the topology tree of a cluster', async () => {
    const res = await slash(`topology ${CLUSTER}`);
    expect(res.status).toBe(200);
    const reply = await responseFor('U-ANN-topology');
    expect(reply.args.response_type).toBe('ephemeral');
    expect(replyText(reply)).toContain('Topology of shop');
    expect(replyText(reply)).toContain(R1);
  });

  it('says what is wrong with a malformed command', async () => {
    await slash('takeover shop not-a-host');
    expect(replyText(await responseFor('U-ANN-takeover'))).toContain('orc_bad_input');
  });

  it('refuses an unauthorized user or channel, says why, audits it with the Slack user, and changes nothing', async () => {
    await slash('downtime 127.0.0.1:3307 1h patching', EVE);
    expect(replyText(await responseFor('U-EVE-downtime'))).toContain('is not authorized for operate commands');
    await slash('clusters', ANN, 'C-RANDOM');
    expect(replyText(await responseFor('U-ANN-clusters'))).toContain('orc does not take commands in channel C-RANDOM');
    const refused = (await fixture.store.listAudit()).filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => e.actor)).toEqual(expect.arrayContaining(['slack:U-EVE (eve)', 'slack:U-ANN (ann)']));
    expect((await fixture.store.listAudit()).some((e) => e.action === 'begin-downtime')).toBe(false);
  });

  it('runs an operation at once and audits it as the Slack user', async () => {
    await slash('downtime 127.0.0.1:3308 1h kernel upgrade', BOB);
    expect(replyText(await responseFor('U-BOB-downtime'))).toContain('is in downtime');
    const entry = (await fixture.store.listAudit()).find((e) => e.action === 'begin-downtime');
    expect(entry?.actor).toBe('slack:U-BOB (bob)');
  });

  it('asks to confirm a destructive command; a stranger cannot confirm, Cancel runs nothing', async () => {
    await slash(`failover ${CLUSTER}`);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const post = standIn.of('chat.postMessage')[0]!;
    expect(replyText(post)).toContain('Forced failover of *shop*');
    const id = confirmationIdOf(post);
    const ts = '1001.000100';
    await slackPost(url, buttonBody(CONFIRM_ACTION, id, EVE, CHANNEL, ts, standIn.responseUrl('eve-click')), SECRET);
    expect(replyText(await responseFor('eve-click'))).toContain('only U-ANN or a user authorized');
    expect(await fixture.store.getPendingConfirmation(id)).toBeDefined();
    await slackPost(url, buttonBody(CANCEL_ACTION, id, ANN, CHANNEL, ts, standIn.responseUrl('ann-cancel')), SECRET);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.update'));
    expect(replyText(standIn.of('chat.update')[0]!)).toContain('Cancelled by <@U-ANN>');
    expect(await fixture.store.getPendingConfirmation(id)).toBeUndefined();
    expect((await fixture.store.listRecoveries()).length).toBe(0);
  });

  it('runs a confirmed destructive command once, by a user-group member, updating one message with progress and result', async () => {
    await slash(`takeover ${CLUSTER} ${R1}`);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const post = standIn.of('chat.postMessage')[0]!;
    const id = confirmationIdOf(post);
    const ts = '1002.000100';
    await slackPost(url, buttonBody(CONFIRM_ACTION, id, BOB, CHANNEL, ts, standIn.responseUrl('bob-confirm')), SECRET);
    await standIn.waitFor((calls) => calls.filter((c) => c.method === 'chat.update').length >= 2);
    const updates = standIn.of('chat.update');
    expect(updates.every((u) => u.args.ts === ts && u.args.channel === CHANNEL)).toBe(true);
    expect(replyText(updates[0]!)).toContain('Running');
    expect(replyText(updates.at(-1)!)).toMatch(/Takeover of shop|orc_/);
    const recoveries = await fixture.store.listRecoveries();
    expect(recoveries.map((r) => [r.kind, r.actor])).toEqual([['graceful-takeover', 'slack:U-BOB (bob)']]);
    // A second click finds nothing pending and runs nothing.
    await slackPost(url, buttonBody(CONFIRM_ACTION, id, BOB, CHANNEL, ts, standIn.responseUrl('bob-again')), SECRET);
    expect(replyText(await responseFor('bob-again'))).toContain('no longer pending');
    expect((await fixture.store.listRecoveries()).length).toBe(1);
  });

  it('runs nothing once the confirmation expired', async () => {
    await slash(`seed abort S-NONE`);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const post = standIn.of('chat.postMessage')[0]!;
    const id = confirmationIdOf(post);
    fixture.tick(5 * 60_000 + 1);
    await slackPost(url, buttonBody(CONFIRM_ACTION, id, ANN, CHANNEL, '1003.000100', standIn.responseUrl('late')), SECRET);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.update'));
    expect(replyText(standIn.of('chat.update')[0]!)).toContain('Expired');
    expect((await fixture.store.listAudit()).some((e) => e.action === 'seed-abort')).toBe(false);
  });
});

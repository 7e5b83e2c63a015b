import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackBot } from '../../../bot/slack-bot.js';
import { parseConfig } from '../../../core/config.js';
import type { Logger } from '../../../core/ports/logger.js';
import { commandFixture, type CommandFixture } from '../commands/command-fixture.js';
import { slashEnvelope } from '../../support/slack-envelopes.js';
import { SlackSocketStandIn } from '../../support/slack-socket-stand-in.js';
import { SlackStandIn } from '../../support/slack-stand-in.js';

const standIn = new SlackStandIn();
const sockets = new SlackSocketStandIn();
const lines: string[] = [];
const logger: Logger = {
  debug: () => {},
  info: (obj, msg = '') => void lines.push(`info ${msg} ${JSON.stringify(obj)}`),
  warn: (obj, msg = '') => void lines.push(`warn ${msg} ${JSON.stringify(obj)}`),
  error: (obj, msg = '') => void lines.push(`error ${msg} ${JSON.stringify(obj)}`),
};
let fixture: CommandFixture;

beforeAll(async () => {
  await standIn.start();
  await sockets.start();
  standIn.socketUrl = sockets.url;
  fixture = await commandFixture();
});

afterAll(async () => {
  await sockets.stop();
  await standIn.stop();
});

function socketBot(): SlackBot {
  const slack = parseConfig({ topology: { user: 'orc' }, slack: { mode: 'socket', appToken: 'xapp-test-token', botToken: 'xoxb-test-token', apiUrl: standIn.apiUrl } }).slack!;
  return new SlackBot({ ctx: { ...fixture.ctx, store: fixture.store }, slack, logger });
}

describe('the Slack bot in Socket Mode while Slack is down', () => {
  it('starts without waiting for Slack, says why it is not connected, and connects and serves once Slack answers', async () => {
    standIn.down = true;
    const bot = socketBot();
    try {
      await bot.start();
      expect(sockets.connections).toBe(0);
      expect(lines.some((l) => l.startsWith('warn slack: Socket Mode could not connect; retrying') && l.includes('statusCode = 503'))).toBe(true);
      standIn.down = false;
      await sockets.waitForConnections(1);
      const ack = await sockets.push(slashEnvelope('help', { id: 'U-ANN', name: 'ann' }, 'C-OPS', standIn.responseUrl('help')));
      expect(ack.afterMs).toBeLessThan(3000);
      await standIn.waitFor((calls) => calls.some((c) => c.method === 'response/help'));
      expect(lines.some((l) => l.startsWith('info slack: Socket Mode connected'))).toBe(true);
    } finally {
      await bot.stop();
    }
    expect(sockets.openConnections).toBe(0);
    expect(lines.join('\n')).not.toContain('xapp-test-token');
  });

  it('stops while still retrying, and dials no more', async () => {
    standIn.down = true;
    const bot = socketBot();
    await bot.start();
    await bot.stop();
    standIn.down = false;
    const opened = standIn.of('apps.connections.open').length;
    // A stopped bot has no timer left; a retry would have come after 1-2 s.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(standIn.of('apps.connections.open').length).toBe(opened);
    expect(sockets.connections).toBe(1);
  });
});

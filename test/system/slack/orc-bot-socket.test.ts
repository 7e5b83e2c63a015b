import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOrcBin } from '../../support/run-orc-bin.js';
import { slashEnvelope } from '../../support/slack-envelopes.js';
import { SlackSocketStandIn } from '../../support/slack-socket-stand-in.js';
import { SlackStandIn } from '../../support/slack-stand-in.js';

const ORC_BIN = fileURLToPath(new URL('../../../bin/orc.js', import.meta.url));
const APP_TOKEN = 'xapp-1-env-app-token-secret';
const BOT_TOKEN = 'xoxb-env-bot-token-secret';
const dir = mkdtempSync(join(tmpdir(), 'orc-bot-socket-'));
const standIn = new SlackStandIn();
const sockets = new SlackSocketStandIn();
let child: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  await standIn.start();
  await sockets.start();
  standIn.socketUrl = sockets.url;
  // Secrets only in the environment: the config names none. Debug logging, so Bolt's and the socket client's
  // chatter is printed too and checked for secrets.
  const config = { topology: { user: 'orc' }, store: { kind: 'sqlite', path: 'orc.db' }, slack: { mode: 'socket', channels: { default: 'C-ALERTS' } }, log: { level: 'debug' } };
  writeFileSync(join(dir, 'orc.json'), JSON.stringify(config));
});

afterAll(async () => {
  await killBot();
  await sockets.stop();
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `orc bot` with the tokens in its environment and waits for its listening line. */
async function startBot(): Promise<void> {
  output = '';
  child = spawn(process.execPath, [ORC_BIN, 'bot', '--config', join(dir, 'orc.json')], {
    env: { PATH: process.env.PATH, ORC_SLACK_APP_TOKEN: APP_TOKEN, ORC_SLACK_BOT_TOKEN: BOT_TOKEN, ORC_SLACK_API_URL: standIn.apiUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!output.includes('orc bot: listening (Socket Mode)')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`orc bot did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function killBot(): Promise<void> {
  if (child && child.exitCode === null && child.signalCode === null) {
    process.kill(child.pid!, 'SIGKILL');
    await once(child, 'exit');
  }
}

describe('the Slack bot in Socket Mode in its own process: orc bot, orc serve', () => {
  it('dials the socket with the app token from the environment, serves /orc over it, prints no secret, and stops on SIGTERM', { timeout: 60_000 }, async () => {
    await startBot();
    await sockets.waitForConnections(1);
    expect(standIn.of('apps.connections.open').map((c) => c.authorization)).toEqual([`Bearer ${APP_TOKEN}`]);
    const ack = await sockets.push(slashEnvelope('help', { id: 'U-ANN', name: 'ann' }, 'C-OPS', standIn.responseUrl('help')));
    expect(ack.afterMs).toBeLessThan(3000);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'response/help'));
    expect(JSON.stringify(standIn.of('response/help')[0]!.args.blocks)).toContain('/orc takeover CLUSTER [HOST:PORT]');
    expect(standIn.of('auth.test')[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    process.kill(child!.pid!, 'SIGTERM');
    const [code] = await once(child!, 'exit');
    expect(code).toBe(0);
    expect(sockets.openConnections).toBe(0);
    expect(output).not.toContain(APP_TOKEN);
    expect(output).not.toContain(BOT_TOKEN);
  });

  it('starts while Slack is down, saying so, and exits 0 on SIGTERM while still retrying', { timeout: 60_000 }, async () => {
    standIn.down = true;
    try {
      await startBot();
      expect(output).toContain('slack: Socket Mode could not connect; retrying');
      process.kill(child!.pid!, 'SIGTERM');
      const [code] = await once(child!, 'exit');
      expect(code).toBe(0);
      expect(output).not.toContain(APP_TOKEN);
    } finally {
      standIn.down = false;
    }
  });

  it('runs inside orc serve: answers /orc over the socket, and stops on SIGTERM', { timeout: 60_000 }, async () => {
    const serve = spawn(process.execPath, [ORC_BIN, 'serve', '--config', join(dir, 'orc.json')], {
      env: { PATH: process.env.PATH, ORC_SLACK_APP_TOKEN: APP_TOKEN, ORC_SLACK_BOT_TOKEN: BOT_TOKEN, ORC_SLACK_API_URL: standIn.apiUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let served = '';
    serve.stdout.on('data', (d: Buffer) => (served += d.toString()));
    serve.stderr.on('data', (d: Buffer) => (served += d.toString()));
    try {
      const before = sockets.connections;
      await sockets.waitForConnections(before + 1);
      const ack = await sockets.push(slashEnvelope('clusters', { id: 'U-ANN', name: 'ann' }, 'C-OPS', standIn.responseUrl('serve-clusters')));
      expect(ack.afterMs).toBeLessThan(3000);
      await standIn.waitFor((calls) => calls.some((c) => c.method === 'response/serve-clusters'));
      process.kill(serve.pid!, 'SIGTERM');
      const [code] = await once(serve, 'exit');
      expect(code).toBe(0);
      expect(sockets.openConnections).toBe(0);
      expect(served).not.toContain(APP_TOKEN);
      expect(served).not.toContain(BOT_TOKEN);
    } finally {
      if (serve.exitCode === null && serve.signalCode === null) {
        process.kill(serve.pid!, 'SIGKILL');
        await once(serve, 'exit');
      }
    }
  });

  it('refuses a socket-mode config without an app token, naming what is missing', { timeout: 60_000 }, async () => {
    writeFileSync(join(dir, 'no-app-token.json'), JSON.stringify({ topology: { user: 'orc' }, store: { kind: 'sqlite', path: 'orc.db' }, slack: { mode: 'socket', botToken: BOT_TOKEN } }));
    const result = await runOrcBin(ORC_BIN, ['bot', '--config', join(dir, 'no-app-token.json')]);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain('slack.appToken: missing: set ORC_SLACK_APP_TOKEN, slack.appTokenFile or slack.appToken');
    expect(result.out + result.err).not.toContain(BOT_TOKEN);
    expect(result.out).not.toContain('listening');
  });
});

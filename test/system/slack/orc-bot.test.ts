import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackPost, slashBody } from '../../support/slack-signed-request.js';
import { SlackStandIn } from '../../support/slack-stand-in.js';

const ORC_BIN = fileURLToPath(new URL('../../../bin/orc.js', import.meta.url));
const SECRET = 'bot-process-signing-secret';
const dir = mkdtempSync(join(tmpdir(), 'orc-bot-'));
const standIn = new SlackStandIn();
let child: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  await standIn.start();
  // Secrets only in the environment: the config names none.
  writeFileSync(join(dir, 'orc.json'), JSON.stringify({ topology: { user: 'orc' }, store: { kind: 'sqlite', path: 'orc.db' }, slack: { mode: 'http', channels: { default: 'C-ALERTS' } } }));
  child = spawn(process.execPath, [ORC_BIN, 'bot', '--config', join(dir, 'orc.json'), '--port', '0'], {
    env: { PATH: process.env.PATH, ORC_SLACK_SIGNING_SECRET: SECRET, ORC_SLACK_BOT_TOKEN: 'xoxb-env-token', ORC_SLACK_API_URL: standIn.apiUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    process.kill(child.pid!, 'SIGKILL');
    await once(child, 'exit');
  }
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function listeningPort(): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const port = /listening \(http:\/\/0\.0\.0\.0:(\d+)\/slack\/events\)/.exec(output)?.[1];
    if (port) return Number(port);
    if (Date.now() > deadline || child?.exitCode !== null) throw new Error(`orc bot did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('orc bot --port P', () => {
  it('serves signed /orc commands on /slack/events with secrets from the environment, refuses unsigned ones, and stops on SIGTERM', { timeout: 60_000 }, async () => {
    const port = await listeningPort();
    const url = `http://127.0.0.1:${port}/slack/events`;
    const user = { id: 'U-ANN', name: 'ann' };
    expect((await slackPost(url, slashBody('help', user, 'C-OPS', standIn.responseUrl('unsigned')), SECRET, 'unsigned')).status).toBe(401);
    const res = await slackPost(url, slashBody('help', user, 'C-OPS', standIn.responseUrl('help')), SECRET);
    expect(res.status).toBe(200);
    await standIn.waitFor((calls) => calls.some((c) => c.method === 'response/help'));
    expect(JSON.stringify(standIn.of('response/help')[0]!.args.blocks)).toContain('/orc takeover CLUSTER [HOST:PORT]');
    expect(standIn.of('response/unsigned')).toEqual([]);
    expect(standIn.of('auth.test')[0]?.authorization).toBe('Bearer xoxb-env-token');
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain('xoxb-env-token');
    process.kill(child!.pid!, 'SIGTERM');
    const [code] = await once(child!, 'exit');
    expect(code).toBe(0);
  });
});

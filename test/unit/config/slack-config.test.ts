import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { ConfigError } from '../../../core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'orc-slack-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problem(raw: Record<string, unknown>, env: Record<string, string> = {}): string {
  try {
    parseConfig({ topology: { user: 'orc' }, slack: raw }, env, 'orc.json', dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('accepted');
}

describe('the slack config section', () => {
  it('takes secrets from the environment first, then from files next to the config, and the API URL from ORC_SLACK_API_URL', () => {
    writeFileSync(join(dir, 'token'), 'xoxb-from-file\n');
    const env = { ORC_SLACK_SIGNING_SECRET: 'from-env', ORC_SLACK_API_URL: 'http://127.0.0.1:9/api/' };
    const slack = parseConfig({ topology: { user: 'orc' }, slack: { signingSecret: 'in-file', botTokenFile: 'token' } }, env, 'orc.json', dir).slack!;
    expect(slack).toMatchObject({ mode: 'http', port: 3000, signingSecret: 'from-env', botToken: 'xoxb-from-file', apiUrl: 'http://127.0.0.1:9/api/' });
    expect(slack.authorization.read.everyone).toBe(true);
    expect(slack.authorization.destructive).toEqual({ users: [], userGroups: [], everyone: false });
    expect(Object.isFrozen(slack.authorization.operate.users)).toBe(true);
  });

  it('names every missing secret for the mode, without showing any secret', () => {
    expect(problem({ mode: 'http' })).toContain('slack.botToken: missing: set ORC_SLACK_BOT_TOKEN');
    expect(problem({ mode: 'http', botToken: 'xoxb-secret-value' })).toContain('slack.signingSecret: missing: set ORC_SLACK_SIGNING_SECRET');
    const socket = problem({ mode: 'socket', botToken: 'xoxb-secret-value', signingSecret: 's' });
    expect(socket).toContain('slack.appToken: missing: set ORC_SLACK_APP_TOKEN');
    expect(socket).not.toContain('xoxb-secret-value');
  });

  it('refuses an unreadable secret file, a bad id, a bad URL and unknown keys', () => {
    expect(problem({ botTokenFile: 'nope', signingSecret: 's' })).toContain(`slack.botTokenFile: cannot read ${join(dir, 'nope')}: ENOENT`);
    expect(problem({ botToken: 'x', signingSecret: 's', allowedChannels: ['<script>'] })).toContain('slack.allowedChannels.0');
    expect(problem({ botToken: 'x', signingSecret: 's' }, { ORC_SLACK_API_URL: 'not a url' })).toContain('ORC_SLACK_API_URL: not a URL');
    expect(problem({ botToken: 'x', signingSecret: 's', botname: 'x' })).toContain('unknown key "botname"');
    expect(problem({ botToken: 'x', signingSecret: 's', delivery: { minBackoffMs: 5000, maxBackoffMs: 1000 } })).toContain('minBackoffMs must not exceed maxBackoffMs');
  });
});

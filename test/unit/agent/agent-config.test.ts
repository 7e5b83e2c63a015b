import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentConfig, parseAgentConfig } from '../../../src/agent/agent-config.js';

const TOKEN = 'agent-token-0123456789';

function valid(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    listen: '127.0.0.1:7001',
    token: TOKEN,
    server: { host: 'db1.example', port: 3306, cnf: '/etc/mysql/db1.cnf', datadir: '/var/lib/mysql/', user: 'orc_agent', password: 'pw', start: ['/usr/sbin/mariadbd', '--defaults-file=/etc/mysql/db1.cnf'] },
    workDir: 'work',
    ...over,
  };
}

describe('agent config', () => {
  it('applies defaults, resolves paths next to the file and freezes deeply', () => {
    const cfg = parseAgentConfig(valid({ programs: { mbstream: 'bin/mbstream' } }), { PATH: '' }, 'agent.json', '/opt/orc');
    expect(cfg.listen).toEqual({ host: '127.0.0.1', port: 7001 });
    expect(cfg.advertiseUrl).toBe('http://127.0.0.1:7001');
    expect(cfg.workDir).toBe('/opt/orc/work');
    expect(cfg.server).toMatchObject({ datadir: '/var/lib/mysql', socket: null, startTimeoutMs: 60_000, password: 'pw' });
    expect(cfg.programs.mbstream).toBe('/opt/orc/bin/mbstream');
    expect(cfg.orc).toBeNull();
    expect(cfg.tls).toBeNull();
    expect(cfg.postSeedCommand).toBeNull();
    expect(cfg.childEnv).toEqual({ PATH: expect.any(String) });
    expect(Object.isFrozen(cfg.server.start)).toBe(true);
    expect(() => {
      (cfg.server as { user: string }).user = 'x';
    }).toThrow(TypeError);
  });

  it('serves https with tls and defaults the start command to mariadbd with the cnf', () => {
    const raw = valid({ tls: { cert: 'c.pem', key: 'k.pem' }, orc: { url: 'https://orc.example:3000/' } });
    const server = { ...(raw.server as Record<string, unknown>), start: undefined };
    const cfg = parseAgentConfig({ ...raw, server, programs: { mariadbd: '/x/mariadbd' } }, {}, 'agent.json', '/opt');
    expect(cfg.advertiseUrl).toBe('https://127.0.0.1:7001');
    expect(cfg.tls).toEqual({ cert: '/opt/c.pem', key: '/opt/k.pem', ca: null });
    expect(cfg.orc).toEqual({ url: 'https://orc.example:3000', registerIntervalMs: 10_000 });
    expect(cfg.server.start).toEqual(['/x/mariadbd', '--defaults-file=/etc/mysql/db1.cnf']);
  });

  it('takes the token and the server password from the environment over the file', () => {
    const cfg = parseAgentConfig(valid({ token: undefined }), { ORC_AGENT_TOKEN: 'from-the-environment-123', ORC_AGENT_SERVER_PASSWORD: 'env-pw' });
    expect(cfg.token).toBe('from-the-environment-123');
    expect(cfg.server.password).toBe('env-pw');
  });

  it.each([
    [valid({ listen: 'nowhere' }), 'listen: listen address "nowhere": expected HOST:PORT'],
    [valid({ token: 'short' }), 'token: a token needs at least 16 characters'],
    [valid({ token: undefined }), 'token: a token needs at least 16 characters'],
    [valid({ workDir: '' }), 'workDir: a path must not be empty'],
    [valid({ extra: true }), 'unknown key "extra"'],
    [valid({ advertiseUrl: 'ftp://x' }), 'advertiseUrl: expected http(s)://HOST:PORT'],
    [valid({ orc: { url: 'http://orc:3000', registerIntervalMs: 5 } }), 'orc.registerIntervalMs'],
    [valid({ postSeedCommand: [] }), 'postSeedCommand: argv needs at least the program'],
    [valid({ log: { level: 'loud' } }), 'log.level'],
    [valid({ programs: { mariabackupp: '/x' } }), 'programs: unknown key "mariabackupp"'],
    [{ ...valid(), server: { ...(valid().server as object), port: 70000 } }, 'server.port'],
    [{ ...valid(), server: { ...(valid().server as object), user: 'a\nb' } }, 'server.user: server.user must not contain a line break'],
    [{ ...valid(), server: { ...(valid().server as object), start: [''] } }, 'server.start.0: an argument must not be empty'],
    [{ ...valid(), server: { ...(valid().server as object), cnf: undefined } }, 'server.cnf'],
  ])('rejects absurd input naming the field (%#)', (raw, part) => {
    expect(() => parseAgentConfig(raw, {}, 'agent.json')).toThrow(part);
  });

  it('refuses a password with a line break from the environment (it would end the option file line)', () => {
    expect(() => parseAgentConfig(valid(), { ORC_AGENT_SERVER_PASSWORD: 'a\nb' })).toThrow('server.password');
  });

  it('names the file and the JSON position of a syntax error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-agent-config-'));
    const file = join(dir, 'agent.json');
    writeFileSync(file, '{"listen": "127.0.0.1:1",\n  oops}');
    expect(() => loadAgentConfig(file, {})).toThrow(/agent\.json is not valid JSON at line 2, column 3/);
    expect(() => loadAgentConfig(join(dir, 'missing.json'), {})).toThrow(/cannot read agent config file .*ENOENT/);
  });

  it('takes an option file and declared commands for rollouts (argv arrays, a bounded timeout), refusing malformed ones', () => {
    const cfg = parseAgentConfig(valid({ rollouts: { optionFile: 'orc.cnf', commands: { 'reload-x': { run: ['/bin/x', 'reload'], rollback: ['/bin/x', 'undo'] } } } }), { PATH: '' }, 'agent.json', '/opt/orc');
    expect(cfg.rollouts).toEqual({ optionFile: '/opt/orc/orc.cnf', commands: { 'reload-x': { run: ['/bin/x', 'reload'], rollback: ['/bin/x', 'undo'], timeoutMs: 60_000 } } });
    expect(parseAgentConfig(valid(), { PATH: '' }).rollouts).toEqual({ optionFile: null, commands: {} });
    for (const commands of [
      { 'bad name!': { run: ['x'], rollback: ['y'] } },
      { x: { run: 'rm -rf /', rollback: ['y'] } },
      { x: { run: ['x'] } },
      { x: { run: [], rollback: ['y'] } },
      { x: { run: ['x'], rollback: ['y'], timeoutMs: 3_600_000 } },
      { x: { run: ['x'], rollback: ['y'], shell: true } },
    ]) {
      expect(() => parseAgentConfig(valid({ rollouts: { commands } }), { PATH: '' }), JSON.stringify(commands)).toThrow(/rollouts\.commands/);
    }
  });
});

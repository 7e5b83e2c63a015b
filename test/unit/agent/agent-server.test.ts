import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OperationError, RefusedError } from '../../../core/errors.js';
import type { StageRequest } from '../../../core/ports/agent-client.js';
import { silentLogger } from '../../../core/ports/logger.js';
import type { SeedStage } from '../../../core/seeds/seed-stage.js';
import { createHttpAgentClient } from '../../../src/agent-client/http-agent-client.js';
import { createAgentServer } from '../../../src/agent/agent-server.js';
import { PersistedVariablesFile } from '../../../src/agent/persisted-variables-file.js';
import { RolloutCommands } from '../../../src/agent/rollout-commands.js';
import { fakeAgentInfo } from '../../support/fake-agent-client.js';

const TOKEN = 'agent-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

function request(over: Partial<StageRequest> = {}): StageRequest {
  return {
    seedId: 's1',
    stage: 'Prepare',
    method: 'mariabackup',
    side: 'target',
    source: { host: 'db1', port: 3306, agentUrl: 'http://db1:7001' },
    target: { host: 'db2', port: 3306, agentUrl: 'http://db2:7001' },
    ...over,
  };
}

const COUNT_FILE = join(mkdtempSync(join(tmpdir(), 'orc-agent-count-')), 'runs');

const COMMANDS = {
  ok: { run: ['printenv', 'ORC_ROLLOUT_ID', 'ORC_ROLLOUT_PHASE', 'ORC_COMMAND'], rollback: ['echo', 'undone'], timeoutMs: 5000 },
  fails: { run: ['ls', '/nonexistent-orc-path'], rollback: ['true'], timeoutMs: 5000 },
  slow: { run: ['sleep', '5'], rollback: ['true'], timeoutMs: 200 },
  missing: { run: ['/nonexistent/orc-program'], rollback: ['true'], timeoutMs: 5000 },
  noisy: { run: ['seq', '1', '100000'], rollback: ['true'], timeoutMs: 5000 },
  long: { run: ['sleep', '30'], rollback: ['true'], timeoutMs: 60_000 },
  count: { run: ['sh', '-c', 'echo run >> "$0"', COUNT_FILE], rollback: ['true'], timeoutMs: 5000 },
};

function fixture(optionFile: string | null = null) {
  const calls: string[] = [];
  let streamed = '';
  const seeds = {
    startStage: async (r: StageRequest) => {
      calls.push(`start ${r.seedId} ${r.stage}`);
      if (r.seedId === 'busy') throw new RefusedError('orc_refused', 'this agent is busy with seed s0');
    },
    stageStatus: (seedId: string, stage: SeedStage) => ({ seedId, stage, state: 'running' as const, bytes: 7, updatedAt: 1 }),
    abort: async (seedId: string) => {
      calls.push(`abort ${seedId}`);
    },
    metadata: (seedId: string) => {
      if (seedId !== 's1') throw new RefusedError('orc_refused', `no metadata for seed ${seedId}`);
      return { gtid: '0-1-5', binlogFile: 'b.000001', binlogPos: 4 };
    },
    receiveStream: async (seedId: string, body: Readable) => {
      for await (const chunk of body) streamed += String(chunk);
      if (seedId === 'bad') throw new OperationError('mbstream -x failed (exit 1): broken');
      return streamed.length;
    },
    openReceiver: async (seedId: string) => {
      calls.push(`receiver ${seedId}`);
      if (seedId === 'busy') throw new RefusedError('orc_refused', 'seed busy: the target is not ready to receive (copy partial): Prepare it again');
      return { port: 40123, ticket: 'ab'.repeat(32) };
    },
  };
  const commands = new RolloutCommands(COMMANDS, { PATH: '/usr/bin:/bin' }, tmpdir());
  const app = createAgentServer({ token: TOKEN, tls: null, info: async () => fakeAgentInfo('db2', 3306), seeds, persisted: new PersistedVariablesFile(optionFile), commands, logger: silentLogger });
  return { app, calls, commands, streamed: () => streamed };
}

describe('agent HTTP API', () => {
  it('answers 401 with a JSON error to a missing, wrong or non-bearer token on every route, and runs nothing', async () => {
    const { app, calls } = fixture();
    const routes = [
      ['GET', '/api/info'],
      ['POST', '/api/seeds/s1/abort'],
      ['POST', '/api/seeds/s1/stages/Prepare'],
      ['GET', '/api/seeds/s1/metadata'],
      ['PUT', '/api/seeds/s1/stream'],
      ['GET', '/api/persisted-variables'],
      ['PUT', '/api/persisted-variables'],
      ['GET', '/api/commands'],
      ['POST', '/api/commands/ok/runs'],
      ['GET', '/api/command-runs/abcdefgh'],
      ['GET', '/api/no-such-path'],
    ] as const;
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}x` }, { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` }, { authorization: 'Bearer' }]) {
      for (const [method, url] of routes) {
        const res = await app.inject({ method, url, headers });
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.json().error.code).toBe('orc_unauthenticated');
      }
    }
    expect(calls).toEqual([]);
  });

  it('answers the right token', async () => {
    const { app } = fixture();
    const res = await app.inject({ method: 'GET', url: '/api/info', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ host: 'db2', mysqlPort: 3306 });
  });

  it('accepts a stage with 202, and answers 409 orc_refused when the seed agent refuses it (busy)', async () => {
    const { app, calls } = fixture();
    const ok = await app.inject({ method: 'POST', url: '/api/seeds/s1/stages/Prepare', headers: auth, payload: request() });
    expect(ok.statusCode).toBe(202);
    const busy = await app.inject({ method: 'POST', url: '/api/seeds/busy/stages/Prepare', headers: auth, payload: request({ seedId: 'busy' }) });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error).toEqual({ code: 'orc_refused', message: 'this agent is busy with seed s0' });
    expect(calls).toEqual(['start s1 Prepare', 'start busy Prepare']);
  });

  it('refuses malformed stage calls with 400 before anything runs', async () => {
    const { app, calls } = fixture();
    const bad = [
      await app.inject({ method: 'POST', url: '/api/seeds/s1/stages/Backup', headers: auth, payload: request() }),
      await app.inject({ method: 'POST', url: '/api/seeds/s1/stages/Explode', headers: auth, payload: request() }),
      await app.inject({ method: 'POST', url: '/api/seeds/s1/stages/Prepare', headers: auth, payload: request({ method: 'rsync' as never }) }),
      await app.inject({ method: 'POST', url: '/api/seeds/..%2Fetc/stages/Prepare', headers: auth, payload: request({ seedId: '../etc' }) }),
      await app.inject({ method: 'GET', url: '/api/seeds/s1/stages/Nope', headers: auth }),
    ];
    expect(bad.map((r) => [r.statusCode, r.json().error.code])).toEqual(Array(5).fill([400, 'orc_bad_input']));
    expect(calls).toEqual([]);
  });

  it('reports stages, aborts and metadata', async () => {
    const { app, calls } = fixture();
    expect((await app.inject({ method: 'GET', url: '/api/seeds/s1/stages/Backup', headers: auth })).json()).toEqual({ seedId: 's1', stage: 'Backup', state: 'running', bytes: 7, updatedAt: 1 });
    expect((await app.inject({ method: 'POST', url: '/api/seeds/s1/abort', headers: auth })).statusCode).toBe(200);
    expect(calls).toEqual(['abort s1']);
    expect((await app.inject({ method: 'GET', url: '/api/seeds/s1/metadata', headers: auth })).json()).toEqual({ gtid: '0-1-5', binlogFile: 'b.000001', binlogPos: 4 });
    expect((await app.inject({ method: 'GET', url: '/api/seeds/s9/metadata', headers: auth })).statusCode).toBe(409);
  });

  it('hands the raw stream body to the seed agent, beyond the JSON body limit, and reports its failure', async () => {
    const { app, streamed } = fixture();
    const payload = Buffer.alloc(300 * 1024, 'x');
    const ok = await app.inject({ method: 'PUT', url: '/api/seeds/s1/stream', headers: { ...auth, 'content-type': 'application/octet-stream' }, payload });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ seedId: 's1', bytes: payload.length });
    expect(streamed().length).toBe(payload.length);
    const bad = await app.inject({ method: 'PUT', url: '/api/seeds/bad/stream', headers: { ...auth, 'content-type': 'application/octet-stream' }, payload: 'abc' });
    expect(bad.statusCode).toBe(500);
    expect(bad.json().error.message).toBe('mbstream -x failed (exit 1): broken');
  });

  it('opens a receiver for the direct copy (token required), and reports a refusal', async () => {
    const { app, calls } = fixture();
    const bare = await app.inject({ method: 'POST', url: '/api/seeds/s1/receiver' });
    expect(bare.statusCode).toBe(401);
    const ok = await app.inject({ method: 'POST', url: '/api/seeds/s1/receiver', headers: auth });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ seedId: 's1', port: 40123, ticket: 'ab'.repeat(32) });
    const busy = await app.inject({ method: 'POST', url: '/api/seeds/busy/receiver', headers: auth });
    expect(busy.statusCode).toBe(409);
    expect(calls).toEqual(['receiver s1', 'receiver busy']);
  });

  it('persists variables in its option file atomically, restores them, and leaves its other lines alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-agent-persist-'));
    const file = join(dir, 'orc-rollouts.cnf');
    writeFileSync(file, '# kept\n[mysqld]\nmax_connections=50\n');
    const { app } = fixture(file);
    const put = (variables: unknown) => app.inject({ method: 'PUT', url: '/api/persisted-variables', headers: auth, payload: { variables } });
    expect((await app.inject({ method: 'GET', url: '/api/persisted-variables', headers: auth })).json()).toEqual({ file, values: { max_connections: '50' } });
    const set = await put([{ name: 'Slave_Net_Timeout', value: '7' }]);
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ file, values: { max_connections: '50', slave_net_timeout: '7' } });
    expect(readFileSync(file, 'utf8')).toBe('# kept\n[mysqld]\nmax_connections=50\nloose-slave_net_timeout=7\n');
    expect(readdirSync(dir)).toEqual(['orc-rollouts.cnf']);
    expect((await put([{ name: 'slave_net_timeout', value: null }])).json()).toEqual({ file, values: { max_connections: '50' } });
    expect(readFileSync(file, 'utf8')).toBe('# kept\n[mysqld]\nmax_connections=50\n');
  });

  it('checks names and values as the core does, and refuses to persist without an option file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-agent-persist-'));
    const file = join(dir, 'orc-rollouts.cnf');
    const { app } = fixture(file);
    const put = (variables: unknown) => app.inject({ method: 'PUT', url: '/api/persisted-variables', headers: auth, payload: { variables } });
    const bad = [
      await put([{ name: 'x; DROP', value: '1' }]),
      await put([{ name: 'slave_net_timeout', value: '7\n[client]' }]),
      await put([{ name: 'slave_net_timeout', value: 'a b' }]),
      await put([{ name: 'a', value: '1' }, { name: 'A', value: '2' }]),
      await put([]),
    ];
    expect(bad.map((r) => [r.statusCode, r.json().error.code])).toEqual(Array(5).fill([400, 'orc_bad_input']));
    expect(existsSync(file)).toBe(false);
    const none = fixture(null).app;
    expect((await none.inject({ method: 'GET', url: '/api/persisted-variables', headers: auth })).json()).toEqual({ file: null, values: {} });
    const refused = await none.inject({ method: 'PUT', url: '/api/persisted-variables', headers: auth, payload: { variables: [{ name: 'a', value: '1' }] } });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'orc_refused']);
  });

  it('lists its declared commands, starts one (argv, no shell) in the background with the rollout in its environment, and tells its run by id', async () => {
    const { app } = fixture();
    expect((await app.inject({ method: 'GET', url: '/api/commands', headers: auth })).json()).toEqual({ commands: ['count', 'fails', 'long', 'missing', 'noisy', 'ok', 'slow'] });
    let next = 0;
    const run = async (name: string, phase = 'run') => {
      const runId = `run${String(++next).padStart(5, '0')}`;
      const started = await app.inject({ method: 'POST', url: `/api/commands/${name}/runs`, headers: auth, payload: { phase, rollout: 'r-0123456789', runId } });
      expect(started.statusCode).toBe(200);
      expect(started.json()).toEqual({ id: runId, state: 'running' });
      return ended(runId);
    };
    const ended = async (runId: string) => {
      for (;;) {
        const state = (await app.inject({ method: 'GET', url: `/api/command-runs/${runId}`, headers: auth })).json();
        if (state.state !== 'running') return state;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    expect(await run('ok')).toMatchObject({ state: 'ended', run: { name: 'ok', phase: 'run', exitCode: 0, signal: null, timedOut: false, output: 'r-0123456789\nrun\nok', error: null } });
    expect((await run('ok', 'rollback')).run).toMatchObject({ phase: 'rollback', exitCode: 0, output: 'undone' });
    const failed = (await run('fails')).run;
    expect(failed.exitCode).toBe(2);
    expect(failed.output).toContain('/nonexistent-orc-path');
    expect((await run('slow')).run).toMatchObject({ exitCode: null, timedOut: true });
    expect((await run('missing')).run).toMatchObject({ exitCode: null, error: expect.stringContaining('ENOENT') });
    const noisy = (await run('noisy')).run;
    expect(noisy.exitCode).toBe(0);
    expect(noisy.output.length).toBeLessThan(4200);
    expect(noisy.output).toMatch(/100000$/);
    expect((await app.inject({ method: 'GET', url: '/api/command-runs/neverasked1', headers: auth })).json()).toEqual({ id: 'neverasked1', state: 'unknown' });
  });

  it('asked again with the same run id (an answer orc lost), answers that run and starts nothing', async () => {
    const { app } = fixture();
    const ask = () => app.inject({ method: 'POST', url: '/api/commands/count/runs', headers: auth, payload: { phase: 'run', rollout: 'r-1', runId: 'sameid01' } });
    expect((await ask()).json()).toEqual({ id: 'sameid01', state: 'running' });
    expect((await ask()).json().id).toBe('sameid01');
    for (;;) {
      const state = (await app.inject({ method: 'GET', url: '/api/command-runs/sameid01', headers: auth })).json();
      if (state.state === 'ended') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await ask()).json()).toMatchObject({ id: 'sameid01', state: 'ended', run: { exitCode: 0 } });
    expect(readFileSync(COUNT_FILE, 'utf8')).toBe('run\n');
    const other = await app.inject({ method: 'POST', url: '/api/commands/ok/runs', headers: auth, payload: { phase: 'run', rollout: 'r-1', runId: 'sameid01' } });
    expect([other.statusCode, other.json().error.code]).toEqual([409, 'orc_refused']);
  });

  it('refuses an undeclared command (409) and a malformed call (400) without running anything', async () => {
    const { app } = fixture();
    const unknown = await app.inject({ method: 'POST', url: '/api/commands/rm/runs', headers: auth, payload: { phase: 'run', rollout: 'r-1', runId: 'abcdefgh' } });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([409, 'orc_refused']);
    const bad = [
      await app.inject({ method: 'POST', url: '/api/commands/ok/runs', headers: auth, payload: { phase: 'undo', rollout: 'r-1', runId: 'abcdefgh' } }),
      await app.inject({ method: 'POST', url: '/api/commands/ok/runs', headers: auth, payload: { phase: 'run', rollout: 'r 1; rm', runId: 'abcdefgh' } }),
      await app.inject({ method: 'POST', url: '/api/commands/ok/runs', headers: auth, payload: { phase: 'run', rollout: 'r-1', runId: 'abcdefgh', argv: ['rm'] } }),
      await app.inject({ method: 'POST', url: '/api/commands/..%2Fok/runs', headers: auth, payload: { phase: 'run', rollout: 'r-1', runId: 'abcdefgh' } }),
      await app.inject({ method: 'POST', url: '/api/commands/ok/runs', headers: auth, payload: { phase: 'run', rollout: 'r-1', runId: '../x' } }),
      await app.inject({ method: 'POST', url: '/api/commands/ok/runs', headers: auth, payload: { phase: 'run', rollout: 'r-1' } }),
      await app.inject({ method: 'GET', url: '/api/command-runs/a%20b', headers: auth }),
    ];
    expect(bad.map((r) => [r.statusCode, r.json().error.code])).toEqual(Array(7).fill([400, 'orc_bad_input']));
    expect((await app.inject({ method: 'GET', url: '/api/command-runs/abcdefgh', headers: auth })).json().state).toBe('unknown');
  });

  it('a command runs on when orc goes away, and is killed when the agent stops (it then starts no other)', async () => {
    const { app, commands } = fixture();
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const client = createHttpAgentClient({ token: TOKEN, requestTimeoutMs: 2000 });
      expect(await client.startCommand({ url }, { name: 'long', phase: 'run', rollout: 'r-1', runId: 'longrun1' })).toEqual({ id: 'longrun1', state: 'running' });
      expect(await client.commandRun({ url }, 'longrun1')).toEqual({ id: 'longrun1', state: 'running' });
      const started = Date.now();
      await commands.close();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await client.commandRun({ url }, 'longrun1')).toMatchObject({ state: 'ended', run: { exitCode: null } });
      await expect(client.startCommand({ url }, { name: 'ok', phase: 'run', rollout: 'r-1', runId: 'afterstop' })).rejects.toMatchObject({ code: 'orc_refused' });
    } finally {
      await app.close();
    }
  });
});

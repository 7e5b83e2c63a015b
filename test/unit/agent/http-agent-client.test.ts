import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationError, OrcError, RefusedError, UnreachableError } from '../../../core/errors.js';
import type { StageRequest } from '../../../core/ports/agent-client.js';
import { createHttpAgentClient } from '../../../src/agent-client/http-agent-client.js';
import { fakeAgentInfo } from '../../support/fake-agent-client.js';

const TOKEN = 'agent-token-0123456789';
const servers: Server[] = [];

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A stand-in agent answering each request with handler's status and JSON (or holding it when handler returns null). */
async function agent(handler: (seen: Seen) => [number, unknown] | null): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body };
      seen.push(s);
      const answer = handler(s);
      if (answer === null) return;
      res.writeHead(answer[0], { 'content-type': 'application/json' }).end(JSON.stringify(answer[1]));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const request: StageRequest = {
  seedId: 's 1',
  stage: 'Backup',
  method: 'mariabackup',
  side: 'source',
  source: { host: 'db1', port: 3306, agentUrl: 'http://db1:7001' },
  target: { host: 'db2', port: 3306, agentUrl: 'http://db2:7001' },
};

describe('the HTTP agent client', () => {
  it('calls each route with the bearer token and returns what the agent says', async () => {
    const info = fakeAgentInfo('db1', 3306);
    const a = await agent((s) => {
      if (s.url === '/api/info') return [200, info];
      if (s.url.endsWith('/metadata')) return [200, { gtid: '0-1-2', binlogFile: null, binlogPos: null }];
      if (s.url.includes('/stages/') && s.method === 'GET') return [200, { seedId: 's 1', stage: 'Backup', state: 'running', bytes: 5, updatedAt: 1 }];
      return [s.method === 'POST' && s.url.includes('/stages/') ? 202 : 200, {}];
    });
    const client = createHttpAgentClient({ token: TOKEN, requestTimeoutMs: 2000 });
    const endpoint = { url: `${a.url}/` };
    expect(await client.info(endpoint)).toEqual(info);
    await client.startStage(endpoint, request);
    expect(await client.stageStatus(endpoint, 's 1', 'Backup')).toMatchObject({ state: 'running', bytes: 5 });
    await client.abort(endpoint, 's 1');
    expect(await client.metadata(endpoint, 's 1')).toEqual({ gtid: '0-1-2', binlogFile: null, binlogPos: null });
    expect(a.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/info',
      'POST /api/seeds/s%201/stages/Backup',
      'GET /api/seeds/s%201/stages/Backup',
      'POST /api/seeds/s%201/abort',
      'GET /api/seeds/s%201/metadata',
    ]);
    expect(new Set(a.seen.map((s) => s.authorization))).toEqual(new Set([`Bearer ${TOKEN}`]));
    expect(JSON.parse(a.seen[1]!.body)).toEqual(request);
  });

  it("maps 409 to RefusedError and other failures to OperationError, with the agent's message", async () => {
    const a = await agent((s) => (s.url.includes('stages') ? [409, { error: { code: 'orc_refused', message: 'this agent is busy with seed s0' } }] : [500, { error: { code: 'orc_operation_failed', message: 'mbstream failed' } }]));
    const client = createHttpAgentClient({ token: TOKEN, requestTimeoutMs: 2000 });
    const refused = client.startStage({ url: a.url }, request);
    await expect(refused).rejects.toBeInstanceOf(RefusedError);
    await expect(refused).rejects.toMatchObject({ code: 'orc_refused', message: `agent ${a.url}: this agent is busy with seed s0` });
    const failed = client.abort({ url: a.url }, 's1');
    await expect(failed).rejects.toBeInstanceOf(OperationError);
    await expect(failed).rejects.toThrow(`agent ${a.url}: mbstream failed`);
  });

  it('is unreachable when nothing listens or the agent does not answer in time, aborted when the caller aborts', async () => {
    const client = createHttpAgentClient({ token: TOKEN, requestTimeoutMs: 300 });
    const dead = await agent(() => [200, {}]);
    await new Promise((resolve) => servers[0]!.close(resolve));
    await expect(client.info({ url: dead.url })).rejects.toBeInstanceOf(UnreachableError);
    const silent = await agent(() => null);
    await expect(client.info({ url: silent.url })).rejects.toThrow(/did not answer within 300 ms/);
    const controller = new AbortController();
    const call = client.info({ url: silent.url }, controller.signal);
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(OrcError);
    await expect(call).rejects.toMatchObject({ code: 'orc_aborted' });
  });

  it('reads and writes persisted variables, lists commands, starts one and reads its run, with the token; an undeclared command is RefusedError', async () => {
    const run = { name: 'x', phase: 'run', exitCode: 0, signal: null, timedOut: false, durationMs: 3, output: 'ok', error: null };
    const a = await agent((s) => {
      if (s.url === '/api/persisted-variables') return [200, { file: '/etc/orc.cnf', values: s.method === 'PUT' ? { a: '1' } : {} }];
      if (s.url === '/api/commands') return [200, { commands: ['x'] }];
      if (s.url === '/api/commands/x/runs') return [200, { id: 'run00001', state: 'running' }];
      if (s.url === '/api/command-runs/run00001') return [200, { id: 'run00001', state: 'ended', run }];
      if (s.url === '/api/command-runs/gone0001') return [200, { id: 'gone0001', state: 'unknown' }];
      return [409, { error: { code: 'orc_refused', message: 'this agent declares no command "y"' } }];
    });
    const client = createHttpAgentClient({ token: TOKEN, requestTimeoutMs: 2000 });
    expect(await client.persistedVariables({ url: a.url })).toEqual({ file: '/etc/orc.cnf', values: {} });
    expect(await client.persistVariables({ url: a.url }, [{ name: 'a', value: '1' }, { name: 'b', value: null }])).toEqual({ file: '/etc/orc.cnf', values: { a: '1' } });
    expect(await client.commands({ url: a.url })).toEqual(['x']);
    expect(await client.startCommand({ url: a.url }, { name: 'x', phase: 'run', rollout: 'r-1', runId: 'run00001' })).toEqual({ id: 'run00001', state: 'running' });
    expect(await client.commandRun({ url: a.url }, 'run00001')).toEqual({ id: 'run00001', state: 'ended', run });
    expect(await client.commandRun({ url: a.url }, 'gone0001')).toBeNull();
    await expect(client.startCommand({ url: a.url }, { name: 'y', phase: 'rollback', rollout: 'r-1', runId: 'run00002' })).rejects.toBeInstanceOf(RefusedError);
    expect(a.seen.map((s) => `${s.method} ${s.url} ${s.authorization} ${s.body}`)).toEqual([
      `GET /api/persisted-variables Bearer ${TOKEN} `,
      `PUT /api/persisted-variables Bearer ${TOKEN} {"variables":[{"name":"a","value":"1"},{"name":"b","value":null}]}`,
      `GET /api/commands Bearer ${TOKEN} `,
      `POST /api/commands/x/runs Bearer ${TOKEN} {"phase":"run","rollout":"r-1","runId":"run00001"}`,
      `GET /api/command-runs/run00001 Bearer ${TOKEN} `,
      `GET /api/command-runs/gone0001 Bearer ${TOKEN} `,
      `POST /api/commands/y/runs Bearer ${TOKEN} {"phase":"rollback","rollout":"r-1","runId":"run00002"}`,
    ]);
  });
});

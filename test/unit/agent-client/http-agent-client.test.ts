import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrcError } from '../../../core/errors.js';
import type { StageRequest } from '../../../core/ports/agent-client.js';
import { createHttpAgentClient } from '../../../src/agent-client/http-agent-client.js';
import { fakeAgentInfo } from '../../support/fake-agent-client.js';

const TOKEN = 'agent-token-0123456789';

/** One request the fake agent got. */
interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A fake agent on 127.0.0.1 answering with handler; returns its base URL and what it saw. */
async function agent(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      handler(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

async function failure(work: Promise<unknown>): Promise<OrcError> {
  return work.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as OrcError,
  );
}

const client = (requestTimeoutMs = 2000) => createHttpAgentClient({ token: TOKEN, requestTimeoutMs });

describe('the HTTP AgentClient', () => {
  it('calls each agent route with the Bearer token and returns what the agent said', async () => {
    const info = fakeAgentInfo('db-a.example', 3306);
    const status = { seedId: 's 1', stage: 'Backup', state: 'running', bytes: 42, updatedAt: 7 };
    const meta = { gtid: '0-1-100', binlogFile: 'bin.000002', binlogPos: 4 };
    const { url, seen } = await agent((req, res) => {
      if (req.url === '/api/info') return json(res, 200, info);
      if (req.url?.endsWith('/metadata')) return json(res, 200, meta);
      if (req.method === 'GET') return json(res, 200, status);
      return json(res, 202, { accepted: true });
    });
    const c = client();
    expect(await c.info({ url })).toEqual(info);
    const request: StageRequest = {
      seedId: 's 1',
      stage: 'Backup',
      method: 'mariabackup',
      side: 'source',
      source: { host: 'db-a.example', port: 3306, agentUrl: url },
      target: { host: 'db-b.example', port: 3306, agentUrl: 'http://db-b.example:7070' },
    };
    await c.startStage({ url }, request);
    expect(await c.stageStatus({ url }, 's 1', 'Backup')).toEqual(status);
    await c.abort({ url }, 's 1');
    expect(await c.metadata({ url }, 's 1')).toEqual(meta);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/info',
      'POST /api/seeds/s%201/stages/Backup',
      'GET /api/seeds/s%201/stages/Backup',
      'POST /api/seeds/s%201/abort',
      'GET /api/seeds/s%201/metadata',
    ]);
    expect(seen.every((s) => s.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(JSON.parse(seen[1]!.body)).toEqual(request);
  });

  it('turns a refusal (409) into orc_refused and any other failure into orc_operation_failed, with the agent message', async () => {
    const { url } = await agent((req, res) => {
      if (req.url?.endsWith('/stages/Prepare')) return json(res, 409, { error: { code: 'agent_busy', message: 'busy with seed s9' } });
      if (req.url === '/api/info') return json(res, 401, { error: { code: 'agent_unauthenticated', message: 'wrong token' } });
      res.writeHead(500).end('<html>oops</html>');
    });
    const c = client();
    const refused = await failure(c.startStage({ url }, { seedId: 's1', stage: 'Prepare' } as StageRequest));
    expect([refused.code, refused.message, refused.details.agentCode]).toEqual(['orc_refused', `agent ${url} refused: busy with seed s9`, 'agent_busy']);
    const denied = await failure(c.info({ url }));
    expect([denied.code, denied.message]).toEqual(['orc_operation_failed', `GET ${url}/api/info: wrong token`]);
    expect(denied.message).not.toContain(TOKEN);
    const broken = await failure(c.abort({ url }, 's1'));
    expect([broken.code, broken.message]).toEqual(['orc_operation_failed', `POST ${url}/api/seeds/s1/abort: HTTP 500`]);
  });

  it('refuses malformed answers as orc_operation_failed', async () => {
    const { url } = await agent((req, res) => {
      if (req.url === '/api/info') return json(res, 200, { ...fakeAgentInfo('db-a.example', 3306), diskFreeBytes: -5 });
      return json(res, 200, { seedId: 'other', stage: 'Prepare', state: 'running', bytes: 1, updatedAt: 1 });
    });
    const c = client();
    const info = await failure(c.info({ url }));
    expect(info.code).toBe('orc_operation_failed');
    expect(info.message).toContain('sent a malformed info');
    const status = await failure(c.stageStatus({ url }, 's1', 'Prepare'));
    expect([status.code, status.message]).toEqual(['orc_operation_failed', `agent ${url} answered about seed other Prepare, not s1 Prepare`]);
  });

  it('is orc_unreachable when nothing listens or the agent does not answer in time; orc_aborted when the caller aborts', async () => {
    const { url: silent } = await agent(() => undefined);
    const started = Date.now();
    const late = await failure(client(200).info({ url: silent }));
    expect([late.code, late.message]).toEqual(['orc_unreachable', `GET ${silent}/api/info: the agent did not answer within 200 ms`]);
    expect(Date.now() - started).toBeLessThan(2000);
    const { url: gone } = await agent(() => undefined);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const closed = await failure(client().info({ url: gone }));
    expect(closed.code).toBe('orc_unreachable');
    expect(closed.message).toMatch(/cannot reach the agent: ECONNREFUSED/);
    const aborted = await failure(client().info({ url: silent }, AbortSignal.timeout(50)));
    expect(aborted.code).toBe('orc_aborted');
  });
});

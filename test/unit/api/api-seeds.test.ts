import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { newSeed } from '../../../core/seeds/seed.js';
import { fakeAgentInfo } from '../../support/fake-agent-client.js';
import { P, R1, R2, T0 } from '../commands/command-fixture.js';
import { AGENT_TOKEN, NEW, prepareSeeding } from '../commands/seed-fixture.js';
import { ADMIN_TOKEN, apiFixture, READ_TOKEN, type ApiFixture } from './api-fixture.js';

const REGISTRATION = { url: 'http://db-x.example:7070', host: 'db-x.example', port: 3306, info: fakeAgentInfo('db-x.example', 3306) };

async function seedApi(config: Record<string, unknown> = { agents: { token: AGENT_TOKEN } }): Promise<ApiFixture> {
  const f = await apiFixture({ config });
  await prepareSeeding(f);
  return f;
}

describe('POST /api/agents', () => {
  it("takes the agents' token, and only that token", async () => {
    const f = await seedApi();
    const before = await f.store.listAgents();
    for (const token of [ADMIN_TOKEN, READ_TOKEN, null, 'agent-token-wrong-0000', `${AGENT_TOKEN}x`]) {
      const r = await f.call('POST', '/api/agents', { token, body: REGISTRATION });
      expect([token, r.status, r.body.error?.code]).toEqual([token, 401, 'orc_unauthenticated']);
      expect(r.headers.get('www-authenticate')).toContain('orc-agents');
    }
    const basic = await f.call('POST', '/api/agents', { basic: ['carol', 'carol-password'], body: REGISTRATION });
    expect(basic.status).toBe(401);
    expect(await f.store.listAgents()).toEqual(before);

    const ok = await f.call('POST', '/api/agents', { token: AGENT_TOKEN, body: REGISTRATION });
    expect(ok).toMatchObject({ status: 200, body: { instance: 'db-x.example:3306', url: 'http://db-x.example:7070', lastSeen: new Date(T0).toISOString(), staleAfterMs: 60_000 } });
    expect(await f.store.getAgent(parseInstanceKey('db-x.example:3306'))).toMatchObject({ url: 'http://db-x.example:7070', lastSeenAt: T0 });
  });

  it('is refused (403) while orc has no agents token, storing nothing', async () => {
    const f = await seedApi({});
    const before = await f.store.listAgents();
    const r = await f.call('POST', '/api/agents', { token: AGENT_TOKEN, body: REGISTRATION });
    expect([r.status, r.body.error.code]).toEqual([403, 'orc_forbidden']);
    expect(r.body.error.message).toContain('agents.token');
    expect(await f.store.listAgents()).toEqual(before);
  });

  it('refuses a malformed registration with 400 orc_bad_input', async () => {
    const f = await seedApi();
    const r = await f.call('POST', '/api/agents', { token: AGENT_TOKEN, body: { ...REGISTRATION, url: 'file:///etc/passwd' } });
    expect([r.status, r.body.error.code]).toEqual([400, 'orc_bad_input']);
  });

  it("is the only route the agents' token opens", async () => {
    const f = await seedApi();
    for (const [method, path] of [['GET', '/api/agents'], ['GET', '/api/seeds'], ['POST', '/api/seeds'], ['GET', '/api/clusters']] as const) {
      const r = await f.call(method, path, { token: AGENT_TOKEN, body: method === 'POST' ? { method: 'mariabackup', source: R2, target: NEW } : undefined });
      expect([path, r.status]).toEqual([path, 401]);
    }
    expect(await f.store.listSeeds()).toEqual([]);
  });
});

describe('GET /api/agents', () => {
  it('lists agents with their health for a read credential', async () => {
    const f = await seedApi();
    const r = await f.call('GET', '/api/agents', { token: READ_TOKEN });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      { instance: R2, url: 'http://agent-3308.example:7070', lastSeen: new Date(T0).toISOString(), ageMs: 0, fresh: true, healthy: true, serverRunning: true, methods: ['mariabackup', 'dump'], diskFree: 100 * 2 ** 30, activeSeed: null },
      expect.objectContaining({ instance: NEW, healthy: true }),
    ]);
  });
});

describe('the seed routes', () => {
  it('POST /api/seeds needs admin: a read credential is 403 and creates nothing; an admin one starts a seed audited as api:ops', async () => {
    const f = await seedApi();
    const body = { method: 'mariabackup', source: R2, target: NEW };
    const denied = await f.call('POST', '/api/seeds', { token: READ_TOKEN, body });
    expect([denied.status, denied.body.error.code]).toEqual([403, 'orc_forbidden']);
    expect(await f.store.listSeeds()).toEqual([]);
    const r = await f.call('POST', '/api/seeds', { body });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ method: 'mariabackup', source: R2, target: NEW, stage: 'Prepare', status: 'Scheduled', bytesCopied: 0, retries: { Prepare: 0, total: 0 } });
    expect((await f.store.listSeeds()).map((s) => s.id)).toEqual([r.body.id]);
    expect((await f.store.listAudit()).map((a) => [a.action, a.actor, a.outcome])).toEqual([['seed-start', 'api:ops', 'ok']]);
  });

  it('a refused seed is 409 orc_refused listing every reason, and creates nothing', async () => {
    const f = await seedApi();
    f.probe.setDown(NEW);
    const r = await f.call('POST', '/api/seeds', { body: { method: 'rsync', source: R2, target: NEW } });
    expect([r.status, r.body.error.code]).toEqual([409, 'orc_refused']);
    expect(r.body.error.details.refusals.map((x: { code: string }) => x.code)).toEqual(['unknown-method', 'server-unreadable']);
    expect(await f.store.listSeeds()).toEqual([]);
  });

  it('a malformed body is 400 before anything runs', async () => {
    const f = await seedApi();
    const r = await f.call('POST', '/api/seeds', { body: { method: 'mariabackup', source: R2, target: NEW, force: true } });
    expect([r.status, r.body.error.code]).toEqual([400, 'orc_bad_input']);
    expect(f.agents.calls).toEqual([]);
  });

  it('lists seeds (active ones on ?active=1), shows one with its history, 404 orc_unknown_seed for an unknown id', async () => {
    const f = await seedApi();
    await f.store.createSeed({ ...newSeed({ id: 'done', method: 'dump', source: parseInstanceKey(P), target: parseInstanceKey(R1), now: T0 - 5 }), status: 'Completed', endedAt: T0 - 1 });
    const started = (await f.call('POST', '/api/seeds', { body: { method: 'dump', source: R2, target: NEW } })).body;
    expect((await f.call('GET', '/api/seeds', { token: READ_TOKEN })).body.map((s: { id: string }) => s.id)).toEqual([started.id, 'done']);
    expect((await f.call('GET', '/api/seeds?active=1', { token: READ_TOKEN })).body.map((s: { id: string }) => s.id)).toEqual([started.id]);
    expect((await f.call('GET', '/api/seeds?limit=1', { token: READ_TOKEN })).body).toHaveLength(1);
    const shown = await f.call('GET', `/api/seeds/${started.id}`, { token: READ_TOKEN });
    expect(shown.body).toMatchObject({ ...started, history: [{ agent: null, stage: 'Prepare', status: 'Scheduled', details: expect.stringContaining('requested by api:ops') }] });
    const unknown = await f.call('GET', '/api/seeds/nope', { token: READ_TOKEN });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'orc_unknown_seed']);
  });

  it('POST /api/seeds/:id/abort needs admin, flags an active seed, refuses an ended one with 409', async () => {
    const f = await seedApi();
    const seed = newSeed({ id: 's1', method: 'dump', source: parseInstanceKey(P), target: parseInstanceKey(R1), now: T0 - 5 });
    await f.store.createSeed(seed);
    await f.store.createSeed({ ...seed, id: 's2', status: 'Completed', endedAt: T0 - 1 });
    expect((await f.call('POST', '/api/seeds/s1/abort', { token: READ_TOKEN })).status).toBe(403);
    expect((await f.call('GET', '/api/seeds/s1/abort')).status).toBe(405);
    expect((await f.store.getSeed('s1'))?.abortRequested).toBe(false);
    const r = await f.call('POST', '/api/seeds/s1/abort');
    expect(r).toMatchObject({ status: 200, body: { id: 's1', abortRequested: true } });
    const ended = await f.call('POST', '/api/seeds/s2/abort');
    expect([ended.status, ended.body.error.code, ended.body.error.message]).toEqual([409, 'orc_refused', 'seed s2 is Completed: only an active seed can be aborted']);
    expect((await f.store.listAudit()).map((a) => [a.action, a.actor, a.outcome])).toEqual([
      ['seed-abort', 'api:ops', 'refused'],
      ['seed-abort', 'api:ops', 'ok'],
    ]);
  });
});

import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiServer } from '../../../src/api/api-server.js';
import { commandFixture, T0, type CommandFixture } from '../commands/command-fixture.js';
import { ADMIN_TOKEN, CREDENTIALS, FakeServiceView, READ_TOKEN } from './api-fixture.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

interface RolloutApi {
  readonly f: CommandFixture;
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options?: { token?: string | null; body?: unknown }): Promise<{ status: number; body: any }>;
}

/** The API over the command fixture, called with inject (no socket); the admin token unless told otherwise. */
async function rolloutApi(): Promise<RolloutApi> {
  const f = await commandFixture({ config: { api: CREDENTIALS } });
  const { actor: _actor, ...ctx } = f.ctx;
  const app = createApiServer({ ctx, service: new FakeServiceView(), version: '9.9.9', startedAt: T0 });
  apps.push(app);
  return {
    f,
    async call(method, url, options = {}) {
      const token = options.token === undefined ? ADMIN_TOKEN : options.token;
      const res = await app.inject({
        method,
        url,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
      });
      return { status: res.statusCode, body: res.body === '' ? null : JSON.parse(res.body) };
    },
  };
}

const BASE = '/api/rollouts/prod/shop';
const reports = (version: string, n = 3) => Array.from({ length: n }, (_, i) => ({ name: `r${i}`, version }));

/** Everything a refused request must leave as it was: the rollouts, their targets and the audit log. */
async function rolloutState(f: CommandFixture) {
  return { rollouts: await f.store.listRollouts(), targets: await f.store.listRolloutTargets({ namespace: 'prod', entity: 'shop' }), audit: await f.store.listAudit() };
}

describe('the rollout routes', () => {
  it('need a credential; reading needs any, changing needs admin; a refused change changes nothing', async () => {
    const a = await rolloutApi();
    await a.call('POST', `${BASE}/version`, { body: { version: 'v1' } });
    const before = await rolloutState(a.f);
    for (const [method, url, body] of [
      ['GET', BASE, undefined],
      ['POST', `${BASE}/orchestrate`, reports('v1')],
      ['POST', `${BASE}/version`, { version: 'v2' }],
    ] as const) {
      const r = await a.call(method, url, { token: null, body });
      expect([url, r.status, r.body.error.code]).toEqual([url, 401, 'orc_unauthenticated']);
    }
    for (const [url, body] of [
      [`${BASE}/orchestrate`, reports('v1')],
      [`${BASE}/version`, { version: 'v2' }],
      [`${BASE}/options`, { batchPercent: 50 }],
      [`${BASE}/pause`, {}],
      [`${BASE}/resume`, {}],
      [`${BASE}/promote`, {}],
      [`${BASE}/abort`, {}],
    ] as const) {
      const r = await a.call('POST', url, { token: READ_TOKEN, body });
      expect([url, r.status, r.body.error.code]).toEqual([url, 403, 'orc_forbidden']);
    }
    expect(await rolloutState(a.f)).toEqual(before);
    expect((await a.call('GET', BASE, { token: READ_TOKEN })).status).toBe(200);
    expect((await a.call('GET', `${BASE}/orchestrate`)).status, 'a change takes POST only').toBe(405);
  });

  it('rolls v2 across 3 targets one at a time, answering in the reported shape; GET answers the reference fields; audited as api:ops', async () => {
    const a = await rolloutApi();
    expect((await a.call('POST', `${BASE}/options`, { body: { batchPercent: 100, successPercent: 0, successTimeoutSecs: 0, durationTimeoutSecs: 0 } })).status).toBe(200);
    expect((await a.call('POST', `${BASE}/version`, { body: { version: 'v1' } })).body).toMatchObject({ targetVersion: 'v1', rollingVersion: '' });
    const first = await a.call('POST', `${BASE}/orchestrate`, { body: [{ name: 'r0', group: 'east', version: 'v1', isError: false, message: 'ok' }, ...reports('v1').slice(1)] });
    expect(first.body).toEqual([
      { name: 'r0', group: 'east', version: 'v1', isError: false, message: 'ok' },
      { name: 'r1', version: 'v1', isError: false, message: '' },
      { name: 'r2', version: 'v1', isError: false, message: '' },
    ]);
    await a.call('POST', `${BASE}/options`, { body: { batchPercent: 5, successPercent: 100, successTimeoutSecs: 0, durationTimeoutSecs: 10 } });
    await a.call('POST', `${BASE}/version`, { body: { version: 'v2' } });
    let answer = (await a.call('POST', `${BASE}/orchestrate`, { body: reports('v1') })).body as { name: string; version: string }[];
    const told = [answer.filter((t) => t.version === 'v2').length];
    for (let i = 0; i < 6; i++) {
      a.f.tick(1000);
      answer = (await a.call('POST', `${BASE}/orchestrate`, { body: answer })).body;
      told.push(answer.filter((t) => t.version === 'v2').length);
    }
    expect(told).toEqual([1, 1, 2, 2, 3, 3, 3]);
    const got = await a.call('GET', BASE, { token: READ_TOKEN });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      targetVersion: 'v2',
      rollingVersion: 'v2',
      lastKnownGoodVersion: 'v2',
      lastKnownBadVersion: '',
      options: { batchPercent: 5, successPercent: 100, successTimeoutSecs: 0, durationTimeoutSecs: 10, steps: null, pauseBetweenSteps: false, progressDeadlineSecs: null },
      phase: 'completed',
      paused: false,
    });
    const audit = await a.f.store.listAudit();
    expect(audit.every((e) => e.actor === 'api:ops' && e.target === 'prod/shop')).toBe(true);
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['rollout-options', 'rollout-version', 'rollout-step-started', 'rollout-step-done', 'rollout-marked-good', 'rollout-completed']),
    );
  });

  it('refuses bad bodies and paths with 400 orc_bad_input naming the field, changing nothing', async () => {
    const a = await rolloutApi();
    await a.call('POST', `${BASE}/version`, { body: { version: 'v1' } });
    const before = await rolloutState(a.f);
    const cases: [string, unknown, RegExp][] = [
      [`${BASE}/orchestrate`, [{ name: 'a' }], /0\.version/],
      [`${BASE}/orchestrate`, { name: 'a', version: 'v1' }, /expected array/],
      [`${BASE}/orchestrate`, [{ name: 'a', version: 'v1', colour: 'red' }], /0: unknown key "colour"/],
      [`${BASE}/orchestrate`, [{ name: 'a', version: 'v1', isError: 'no' }], /0\.isError/],
      [`${BASE}/orchestrate`, [{ name: 'a\nb', version: 'v1' }], /\[0\]\.name must not hold control characters/],
      [`${BASE}/orchestrate`, [{ name: 'a', version: 'v1' }, { name: 'a', version: 'v2' }], /target a is reported twice/],
      [`${BASE}/version`, {}, /version/],
      [`${BASE}/version`, { version: 7 }, /version/],
      [`${BASE}/options`, { batchPercent: 101 }, /batchPercent/],
      [`${BASE}/options`, { successTimeoutSecs: 600 }, /durationTimeoutSecs \(120\) is shorter than successTimeoutSecs/],
      [`${BASE}/options`, { speed: 1 }, /unknown key "speed"/],
      [`${BASE}/options`, { steps: [] }, /steps/],
      [`${BASE}/promote`, { full: 'yes' }, /full/],
      [`${BASE}/pause`, { reason: 'r'.repeat(1001) }, /reason/],
      ['/api/rollouts/bad%20ns/shop/version', { version: 'v2' }, /rollout namespace "bad ns"/],
      ['/api/rollouts/prod/sh%2Fop/version', { version: 'v2' }, /rollout entity "sh\/op"/],
    ];
    for (const [url, body, says] of cases) {
      const r = await a.call('POST', url, { body });
      expect([url, r.status, r.body.error.code], JSON.stringify(body)).toEqual([url, 400, 'orc_bad_input']);
      expect(r.body.error.message, JSON.stringify(body)).toMatch(says);
    }
    expect(await rolloutState(a.f)).toEqual(before);
  });

  it('answers 404 orc_unknown_rollout for a rollout never set, and 409 orc_refused (audited) for a promote with nothing to promote', async () => {
    const a = await rolloutApi();
    for (const [method, url] of [
      ['GET', BASE],
      ['GET', `${BASE}/targets`],
      ['POST', `${BASE}/orchestrate`],
      ['POST', `${BASE}/pause`],
    ] as const) {
      const r = await a.call(method, url, { body: method === 'POST' ? (url.endsWith('orchestrate') ? reports('v1') : {}) : undefined });
      expect([url, r.status, r.body.error.code]).toEqual([url, 404, 'orc_unknown_rollout']);
    }
    await a.call('POST', `${BASE}/version`, { body: { version: 'v1' } });
    const refused = await a.call('POST', `${BASE}/promote`, { body: {} });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'orc_refused']);
    expect((await a.f.store.listAudit())[0]).toMatchObject({ action: 'rollout-promote', outcome: 'refused', actor: 'api:ops' });
  });

  it('pauses, resumes, aborts (rolling back) and refuses the aborted version; a dry run answers without storing', async () => {
    const a = await rolloutApi();
    await a.call('POST', `${BASE}/options`, { body: { batchPercent: 100, successPercent: 0, successTimeoutSecs: 0, durationTimeoutSecs: 0 } });
    await a.call('POST', `${BASE}/version`, { body: { version: 'v1' } });
    await a.call('POST', `${BASE}/orchestrate`, { body: reports('v1') });
    await a.call('POST', `${BASE}/options`, { body: { batchPercent: 34, successPercent: 100, durationTimeoutSecs: 600 } });
    await a.call('POST', `${BASE}/version`, { body: { version: 'v2' } });
    const before = await rolloutState(a.f);
    const dry = await a.call('POST', `${BASE}/orchestrate?dryRun=true`, { body: reports('v1') });
    expect(dry.body.map((t: { version: string }) => t.version)).toEqual(['v2', 'v1', 'v1']);
    expect(await rolloutState(a.f)).toEqual(before);
    expect((await a.call('POST', `${BASE}/pause`, { body: { reason: 'checking lag' } })).body).toMatchObject({ paused: true, pauseReason: 'checking lag' });
    expect((await a.call('POST', `${BASE}/orchestrate`, { body: reports('v1') })).body.map((t: { version: string }) => t.version)).toEqual(['v1', 'v1', 'v1']);
    expect((await a.call('POST', `${BASE}/resume`, { body: {} })).body).toMatchObject({ paused: false });
    const going = (await a.call('POST', `${BASE}/orchestrate`, { body: reports('v1') })).body;
    expect(going.map((t: { version: string }) => t.version)).toEqual(['v2', 'v1', 'v1']);
    a.f.tick(1000);
    await a.call('POST', `${BASE}/orchestrate`, { body: going });
    const aborted = await a.call('POST', `${BASE}/abort`, { body: { reason: 'wrong setting' } });
    expect(aborted.body).toMatchObject({ lastKnownBadVersion: 'v2', lastKnownGoodVersion: 'v1', phase: 'rolling-back', badVersions: ['v2'] });
    a.f.tick(1000);
    expect((await a.call('POST', `${BASE}/orchestrate`, { body: going })).body.map((t: { version: string }) => t.version)).toEqual(['v1', 'v1', 'v1']);
    const again = await a.call('POST', `${BASE}/version`, { body: { version: 'v2' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'orc_refused']);
    expect(again.body.error.message).toContain('v2 was marked bad');
  });

  it('lists one namespace, filters targets by group, plans, and takes a body beyond the default 64 KiB', async () => {
    const a = await rolloutApi();
    await a.call('POST', `${BASE}/version`, { body: { version: 'v1' } });
    await a.call('POST', '/api/rollouts/test/shop/version', { body: { version: 'v9' } });
    expect((await a.call('GET', '/api/rollouts/prod')).body.map((r: { namespace: string }) => r.namespace)).toEqual(['prod']);
    expect((await a.call('GET', '/api/rollouts?namespace=test')).body.map((r: { targetVersion: string }) => r.targetVersion)).toEqual(['v9']);
    expect((await a.call('GET', '/api/rollouts')).body).toHaveLength(2);
    const many = Array.from({ length: 2000 }, (_, i) => ({ name: `replica-${String(i).padStart(5, '0')}.db.example`, group: i % 2 ? 'east' : 'west', version: 'v0', message: 'running' }));
    expect(JSON.stringify(many).length).toBeGreaterThan(64 * 1024);
    const r = await a.call('POST', `${BASE}/orchestrate`, { body: many });
    expect([r.status, r.body.length]).toEqual([200, 2000]);
    const east = await a.call('GET', `${BASE}/targets?group=east`, { token: READ_TOKEN });
    expect(east.body).toHaveLength(1000);
    expect(east.body[0]).toMatchObject({ name: 'replica-00001.db.example', group: 'east', version: 'v1', reportedVersion: 'v0', isError: false, message: 'running' });
    const plan = await a.call('GET', `${BASE}/plan`, { token: READ_TOKEN });
    expect(plan.body).toMatchObject({ version: 'v1', rollback: false, blocked: null });
    expect(plan.body.inFlight).toHaveLength(100);
    expect(plan.body.batches).toHaveLength(19);
  });

  it('starts a fleet rollout with POST /api/rollouts (admin only, audited as api:<name>) and shows it at .../fleet', async () => {
    const a = await rolloutApi();
    const body = { cluster: 'shop', changes: [{ name: 'slave_net_timeout', value: '30' }], soakSecs: 5 };
    expect((await a.call('POST', '/api/rollouts', { token: READ_TOKEN, body })).status).toBe(403);
    expect((await a.call('POST', '/api/rollouts', { token: null, body })).status).toBe(401);
    const bad = await a.call('POST', '/api/rollouts', { body: { ...body, changes: [{ name: 'x', value: "1'; DROP TABLE t" }] } });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'orc_bad_input', details: { field: 'change' } } } });
    expect((await a.call('POST', '/api/rollouts', { body: { ...body, extra: 1 } })).status).toBe(400);
    expect(await a.f.store.listFleetRollouts()).toEqual([]);
    const started = await a.call('POST', '/api/rollouts', { body });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ id: expect.stringMatching(/^r-/), rollout: { namespace: 'orc', phase: 'progressing' }, fleet: { cluster: '127.0.0.1:3306', done: false } });
    const fleet = await a.call('GET', `/api/rollouts/orc/${started.body.id}/fleet`, { token: READ_TOKEN });
    expect(fleet.body).toEqual(started.body.fleet);
    expect((await a.f.store.listAudit())[0]).toMatchObject({ action: 'rollout-start', actor: 'api:ops', outcome: 'ok' });
    expect((await a.call('GET', '/api/rollouts', { token: READ_TOKEN })).body.map((r: { entity: string }) => r.entity)).toEqual([started.body.id]);
    await a.call('POST', `${BASE}/version`, { body: { version: 'v1' } });
    expect(await a.call('GET', `${BASE}/fleet`)).toMatchObject({ status: 404, body: { error: { code: 'orc_unknown_rollout' } } });
  });
});

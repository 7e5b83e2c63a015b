import { describe, expect, it } from 'vitest';
import { abortSeed } from '../../../core/commands/abort-seed.js';
import { listAgents } from '../../../core/commands/list-agents.js';
import { listSeeds } from '../../../core/commands/list-seeds.js';
import { registerAgent } from '../../../core/commands/register-agent.js';
import { seedDetail } from '../../../core/commands/seed-detail.js';
import { startSeed } from '../../../core/commands/start-seed.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { newSeed, type Seed } from '../../../core/seeds/seed.js';
import { fakeAgentInfo } from '../../support/fake-agent-client.js';
import { P, R1, R2, rejection, T0 } from './command-fixture.js';
import { NEW, seedFixture } from './seed-fixture.js';

function stored(id: string, fields: Partial<Seed> = {}): Seed {
  return { ...newSeed({ id, method: 'dump', source: parseInstanceKey(P), target: parseInstanceKey(R1), now: T0 - 100 }), ...fields };
}

describe('listSeeds and seedDetail', () => {
  it('lists newest first, the active ones on request, and shows one seed with its history', async () => {
    const f = await seedFixture();
    await f.store.createSeed(stored('done', { status: 'Completed', endedAt: T0 - 50 }));
    const started = await startSeed(f.ctx, { method: 'mariabackup', source: R2, target: NEW });
    expect((await listSeeds(f.ctx)).map((s) => s.id)).toEqual([started.id, 'done']);
    expect((await listSeeds(f.ctx, { active: true })).map((s) => s.id)).toEqual([started.id]);
    const detail = await seedDetail(f.ctx, ` ${started.id} `);
    expect(detail.seed).toEqual(started);
    expect(detail.history.map((h) => h.details)).toEqual([`mariabackup seed of ${NEW} from ${R2} requested by cli:alice`]);
  });

  it('says orc_unknown_seed for an id it does not know, orc_bad_input for none', async () => {
    const f = await seedFixture();
    const err = await rejection(seedDetail(f.ctx, 'nope'));
    expect(err).toMatchObject({ code: 'orc_unknown_seed', message: 'unknown seed "nope" (orc seed list shows them)' });
    expect((await rejection(seedDetail(f.ctx, '  '))).code).toBe('orc_bad_input');
  });
});

describe('abortSeed', () => {
  it('flags an active seed, notes it in its history and audits seed-abort with the actor', async () => {
    const f = await seedFixture();
    await f.store.createSeed(stored('s1', { status: 'Running', startedAt: T0 - 90, progressAt: T0 - 90 }));
    const seed = await abortSeed(f.ctx, 's1');
    expect(seed).toMatchObject({ id: 's1', status: 'Running', abortRequested: true, updatedAt: T0 });
    expect(await f.store.listSeedStates('s1')).toEqual([{ seedId: 's1', at: T0, agent: null, stage: 'Prepare', status: 'Running', details: 'abort requested by cli:alice' }]);
    const [audit] = await f.store.listAudit();
    expect(audit).toMatchObject({ action: 'seed-abort', actor: 'cli:alice', target: R1, cluster: P, outcome: 'ok' });
    expect(audit!.detail).toContain('abort of seed s1');
  });

  for (const status of ['Completed', 'Failed'] as const) {
    it(`refuses a ${status} seed and changes nothing (the refusal is audited)`, async () => {
      const f = await seedFixture();
      const ended = stored('s1', { status, endedAt: T0 - 10 });
      await f.store.createSeed(ended);
      const err = await rejection(abortSeed(f.ctx, 's1'));
      expect(err).toMatchObject({ code: 'orc_refused', message: `seed s1 is ${status}: only an active seed can be aborted` });
      expect(await f.store.getSeed('s1')).toEqual(ended);
      expect(await f.store.listSeedStates('s1')).toEqual([]);
      expect((await f.store.listAudit()).map((a) => [a.action, a.outcome, a.actor])).toEqual([['seed-abort', 'refused', 'cli:alice']]);
    });
  }

  it('says orc_unknown_seed for an unknown id and audits nothing', async () => {
    const f = await seedFixture();
    expect((await rejection(abortSeed(f.ctx, 'ghost'))).code).toBe('orc_unknown_seed');
    expect(await f.store.listAudit()).toEqual([]);
  });
});

describe('registerAgent and listAgents', () => {
  const body = (over: Record<string, unknown> = {}) => ({ url: 'http://DB-X.example:7070/', host: 'DB-X.example', port: 3306, info: fakeAgentInfo('db-x.example', 3306), ...over });

  it("stores a registration stamped with orc's now, its URL canonical and its host lower-cased; a new one replaces it", async () => {
    const f = await seedFixture();
    const agent = await registerAgent(f.ctx, body());
    expect(agent).toEqual({ instance: { host: 'db-x.example', port: 3306 }, url: 'http://db-x.example:7070', lastSeenAt: T0, info: fakeAgentInfo('db-x.example', 3306) });
    f.tick(5000);
    await registerAgent(f.ctx, body({ url: 'https://10.1.1.1:7443' }));
    expect(await f.store.getAgent(parseInstanceKey('db-x.example:3306'))).toMatchObject({ url: 'https://10.1.1.1:7443', lastSeenAt: T0 + 5000 });
  });

  const BAD: [string, unknown, RegExp][] = [
    ['no body', undefined, /url: .*; host: .*; port: /],
    ['an unknown key', body({ shell: 'x' }), /unknown key "shell"/],
    ['an ftp url', body({ url: 'ftp://db-x.example' }), /scheme ftp: is not http or https/],
    ['a url with a path', body({ url: 'http://db-x.example:7070/agent' }), /without path/],
    ['a bad host', body({ host: 'db x' }), /not a valid host name/],
    ['a port out of range', body({ port: 70000 }), /port/],
    ['malformed info', body({ info: { ...fakeAgentInfo('db-x.example', 3306), diskFreeBytes: 'lots' } }), /info: diskFreeBytes/],
    ['info about another server', body({ info: fakeAgentInfo('db-y.example', 3306) }), /info describes db-y.example:3306, not db-x.example:3306/],
  ];
  for (const [what, b, says] of BAD) {
    it(`refuses ${what} with orc_bad_input, storing nothing`, async () => {
      const f = await seedFixture();
      const before = await f.store.listAgents();
      const err = await rejection(registerAgent(f.ctx, b));
      expect(err.code).toBe('orc_bad_input');
      expect(err.message).toMatch(says);
      expect(await f.store.listAgents()).toEqual(before);
    });
  }

  it('lists agents by instance with their age; healthy = registered within staleAfterMs and its server running', async () => {
    const f = await seedFixture();
    f.tick(30_000);
    await f.agent(P, { serverRunning: false, serverVersion: null });
    f.tick(31_000);
    await f.agent(R1);
    const agents = await listAgents(f.ctx);
    expect(agents.map((a) => [`${a.instance.host}:${a.instance.port}`, a.ageMs, a.fresh, a.healthy])).toEqual([
      [P, 31_000, true, false],
      [R1, 0, true, true],
      [R2, 61_000, false, false],
      [NEW, 61_000, false, false],
    ]);
  });
});

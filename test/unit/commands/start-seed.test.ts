import { describe, expect, it } from 'vitest';
import { startSeed } from '../../../core/commands/start-seed.js';
import { RefusedError } from '../../../core/errors.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { newSeed } from '../../../core/seeds/seed.js';
import { fakeAgentInfo } from '../../support/fake-agent-client.js';
import { makeFacts } from '../../support/facts-builder.js';
import { P, R2, rejection, T0 } from './command-fixture.js';
import { agentUrlOf, NEW, seedFixture, type SeedFixture } from './seed-fixture.js';

const REQUEST = { method: 'mariabackup', source: R2, target: NEW };

/** Everything a refused seed start must leave as it was (the audit gets its refused line and is checked apart). */
async function untouched(f: SeedFixture): Promise<unknown> {
  return {
    seeds: await f.store.listSeeds(),
    states: await f.store.listSeedStates('s-old'),
    agents: await f.store.listAgents(),
    stageCalls: f.agents.calls.filter((c) => c.op !== 'info'),
    control: [...f.control.calls],
  };
}

/** Each way a seed is refused: the setup that causes it and the refusal codes the operator gets. */
const CASES: readonly { name: string; setup?: (f: SeedFixture) => Promise<void> | void; request?: Partial<typeof REQUEST>; codes: string[]; says?: RegExp }[] = [
  { name: 'unknown method', request: { method: 'rsync' }, codes: ['unknown-method'] },
  { name: 'source and target the same (a replica)', request: { target: R2 }, codes: ['self-seed', 'target-is-replica'] },
  { name: 'no agent registered for the target', setup: (f) => void f.store.forgetAgent(parseInstanceKey(NEW)), codes: ['agent-unreachable'], says: /no agent registered for 127\.0\.0\.1:3320/ },
  { name: 'both agents registered too long ago', setup: (f) => f.tick(61_000), codes: ['agent-unreachable', 'agent-unreachable'], says: /last registered 1m01s ago/ },
  { name: 'the target agent does not answer', setup: (f) => f.agents.setDown(agentUrlOf(NEW), true), codes: ['agent-unreachable'], says: /orc_unreachable: agent .* is not reachable/ },
  { name: 'the target agent serves another server', setup: (f) => f.agents.setInfo(agentUrlOf(NEW), fakeAgentInfo('127.0.0.1', 3307)), codes: ['agent-unreachable'], says: /serves 127\.0\.0\.1:3307, not 127\.0\.0\.1:3320/ },
  { name: 'the method missing on the target', setup: (f) => f.agent(NEW, { methods: ['dump'] }), codes: ['method-unavailable'] },
  { name: 'an engine the method cannot copy', setup: (f) => f.agent(R2, { databases: [{ name: 'app', engines: ['innodb', 'rocksdb'], bytes: 10 }] }), codes: ['unsupported-engine'] },
  { name: 'the target server unreadable', setup: (f) => void f.probe.setDown(NEW), codes: ['server-unreadable'] },
  { name: 'an older target', setup: (f) => void f.probe.update(NEW, (x) => ({ ...x, version: '10.6.19-MariaDB' })), codes: ['target-version-older'] },
  { name: 'binlog off at the source', setup: (f) => void f.probe.update(R2, (x) => ({ ...x, logBin: false })), codes: ['source-binlog-off'] },
  { name: 'a replica source without log_slave_updates', setup: (f) => void f.probe.update(R2, (x) => ({ ...x, logReplicaUpdates: false })), codes: ['source-binlog-off'] },
  { name: 'a target that replicates', setup: (f) => void f.probe.set(makeFacts(NEW, { source: P, serverId: 9 })), codes: ['target-is-replica'] },
  { name: 'a target with replicas it reports', setup: (f) => void f.probe.set(makeFacts(NEW, { replicas: ['127.0.0.1:3321'], serverId: 9 })), codes: ['target-has-replicas'] },
  {
    name: 'a target with replicas orc knows',
    setup: (f) => f.store.recordObservation({ facts: makeFacts('127.0.0.1:3321', { source: NEW, serverId: 10, at: T0 }), clusterName: NEW }),
    codes: ['target-has-replicas'],
  },
  { name: 'a busy source agent', setup: (f) => f.agent(R2, { activeSeed: 'seed-9' }), codes: ['agent-busy'], says: /seed-9/ },
  { name: 'too little space on the target', setup: (f) => f.agent(NEW, { diskFreeBytes: 1000 }), codes: ['not-enough-space'] },
  { name: 'the target in an active seed', setup: (f) => f.store.createSeed(newSeed({ id: 's-old', method: 'dump', source: parseInstanceKey(P), target: parseInstanceKey(NEW), now: T0 - 10 })), codes: ['target-in-seed'] },
  { name: 'the source being seeded', setup: (f) => f.store.createSeed(newSeed({ id: 's-old', method: 'dump', source: parseInstanceKey(P), target: parseInstanceKey(R2), now: T0 - 10 })), codes: ['source-in-seed'] },
  {
    name: 'the target under a maintenance lock',
    setup: (f) => f.store.acquireLock({ instance: parseInstanceKey(NEW), owner: 'cli:bob', reason: 'disk swap', acquiredAt: T0, expiresAt: T0 + 60_000 }, T0),
    codes: ['target-locked'],
    says: /held by cli:bob: disk swap/,
  },
];

describe('startSeed', () => {
  it('creates a Scheduled seed at Prepare with a history row, audited as seed-start, calling no stage', async () => {
    const f = await seedFixture();
    const seed = await startSeed(f.ctx, REQUEST);
    expect(seed).toMatchObject({ method: 'mariabackup', source: parseInstanceKey(R2), target: parseInstanceKey(NEW), stage: 'Prepare', status: 'Scheduled', createdAt: T0, startedAt: null });
    expect(seed.id).toMatch(/^[\w-]{12}$/);
    expect(await f.store.listSeeds()).toEqual([seed]);
    expect(await f.store.listSeedStates(seed.id)).toEqual([
      { seedId: seed.id, at: T0, agent: null, stage: 'Prepare', status: 'Scheduled', details: `mariabackup seed of ${NEW} from ${R2} requested by cli:alice` },
    ]);
    expect(f.agents.calls.map((c) => `${c.op} ${c.url}`).sort()).toEqual([`info ${agentUrlOf(R2)}`, `info ${agentUrlOf(NEW)}`]);
    const [audit] = await f.store.listAudit();
    expect(audit).toMatchObject({ action: 'seed-start', actor: 'cli:alice', target: NEW, outcome: 'ok', detail: `mariabackup seed of ${NEW} from ${R2}: seed ${seed.id}` });
  });

  it('takes a logical seed when the target holds twice the data', async () => {
    const f = await seedFixture();
    await f.agent(NEW, { diskFreeBytes: 2 * 2 ** 30 });
    expect((await startSeed(f.ctx, { ...REQUEST, method: 'dump' })).method).toBe('dump');
  });

  for (const c of CASES) {
    it(`refuses, creating nothing: ${c.name}`, async () => {
      const f = await seedFixture();
      await c.setup?.(f);
      const before = await untouched(f);
      const err = await rejection(startSeed(f.ctx, { ...REQUEST, ...c.request }));
      expect(err).toBeInstanceOf(RefusedError);
      expect(err.code).toBe('orc_refused');
      const refusals = (err as RefusedError).details.refusals as { code: string; message: string }[];
      expect(refusals.map((r) => r.code)).toEqual(c.codes);
      for (const r of refusals) expect(err.message).toContain(r.message);
      if (c.says) expect(err.message).toMatch(c.says);
      expect(await untouched(f)).toEqual(before);
      const [audit] = await f.store.listAudit();
      expect(audit).toMatchObject({ action: 'seed-start', actor: 'cli:alice', outcome: 'refused' });
    });
  }

  it('lists every reason in one error', async () => {
    const f = await seedFixture();
    f.agents.setDown(agentUrlOf(R2), true);
    f.probe.update(NEW, (x) => ({ ...x, version: '10.5.1-MariaDB' }));
    await f.agent(NEW, { diskFreeBytes: 10, activeSeed: 'other' });
    await f.store.acquireLock({ instance: parseInstanceKey(NEW), owner: 'cli:bob', reason: 'x', acquiredAt: T0, expiresAt: T0 + 60_000 }, T0);
    const err = await rejection(startSeed(f.ctx, REQUEST));
    const codes = ((err as RefusedError).details.refusals as { code: string }[]).map((r) => r.code);
    expect(codes).toEqual(['agent-unreachable', 'agent-busy', 'target-version-older', 'target-locked']);
    expect(err.message).toMatch(/^mariabackup seed of 127\.0\.0\.1:3320 from 127\.0\.0\.1:3308 refused: the source agent cannot be reached; the target agent is busy with seed other; the target \(10\.5\.1-MariaDB\) is older .*; the target 127\.0\.0\.1:3320 is under a maintenance lock held by cli:bob: x \(the agent of 127\.0\.0\.1:3308 at http:\/\/agent-3308\.example:7070: orc_unreachable: .*\)$/);
    expect(await f.store.listSeeds()).toEqual([]);
  });

  it('refuses a malformed HOST:PORT before calling anything', async () => {
    const f = await seedFixture();
    const err = await rejection(startSeed(f.ctx, { ...REQUEST, target: 'nope' }));
    expect(err.code).toBe('orc_bad_input');
    expect(f.agents.calls).toEqual([]);
    expect(await f.store.listAudit()).toEqual([]);
  });
});

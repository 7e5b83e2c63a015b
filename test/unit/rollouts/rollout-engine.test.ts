import { describe, expect, it } from 'vitest';
import type { RolloutStore, RolloutWrite } from '../../../core/ports/rollout-store.js';
import { RolloutEngine, ROLLOUT_WRITE_ATTEMPTS } from '../../../core/rollouts/rollout-engine.js';
import type { RolloutKey } from '../../../core/rollouts/rollout-key.js';
import type { TargetReport } from '../../../core/rollouts/rollout-target.js';
import type { WantedTarget } from '../../../core/rollouts/wanted-versions.js';
import { MemoryStore } from '../../support/memory-store.js';
import { names, reportsOn, T0 } from './rollout-sim.js';

function engineOn(store: RolloutStore = new MemoryStore()) {
  const clock = { now: T0 };
  const engine = new RolloutEngine({ store, clock: { now: () => clock.now } });
  return { engine, store, tick: (secs: number) => (clock.now += secs * 1000) };
}

async function failure(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  return work.then(
    () => ({ code: 'none', message: 'expected a failure' }),
    (err: unknown) => err as { code: string; message: string },
  );
}

/** The reference's setup through the engine: v1 good on every target, then v2 set with a 0 s success timeout. */
async function establish(e: ReturnType<typeof engineOn>, key: RolloutKey, n = 3, durationTimeoutSecs = 10): Promise<TargetReport[]> {
  await e.engine.control(key, { kind: 'options', options: { batchPercent: 100, successPercent: 0, successTimeoutSecs: 0, durationTimeoutSecs: 0 } });
  await e.engine.control(key, { kind: 'version', version: 'v1' });
  await e.engine.orchestrate(key, reportsOn(names(n), 'v1'));
  await e.engine.control(key, { kind: 'options', options: { batchPercent: 5, successPercent: 100, successTimeoutSecs: 0, durationTimeoutSecs } });
  await e.engine.control(key, { kind: 'version', version: 'v2' });
  return reportsOn(names(n), 'v1');
}

const asReports = (wanted: readonly WantedTarget[], errors: Record<string, boolean> = {}): TargetReport[] =>
  wanted.map((w) => ({ name: w.name, group: w.group, version: w.version, isError: errors[w.name] ?? false }));

describe('RolloutEngine', () => {
  it('keeps namespaces and entities isolated: each rolls (or rolls back) on its own', async () => {
    const e = engineOn();
    const keys = [
      { namespace: 'one', entity: 'shop' },
      { namespace: 'one', entity: 'billing' },
      { namespace: 'two', entity: 'shop' },
    ];
    const reports = new Map<string, TargetReport[]>();
    for (const key of keys) reports.set(JSON.stringify(key), await establish(e, key, 3, 2));
    for (let i = 0; i < 12; i++) {
      e.tick(1);
      for (const key of keys) {
        const id = JSON.stringify(key);
        // Only two/shop's new version breaks: its told targets error.
        const errors = key.namespace === 'two' ? Object.fromEntries(reports.get(id)!.filter((r) => r.version === 'v2').map((r) => [r.name, true])) : {};
        reports.set(id, asReports((await e.engine.orchestrate(key, reports.get(id)!)).wanted, errors));
      }
    }
    expect(await e.engine.get(keys[0]!)).toMatchObject({ lastKnownGoodVersion: 'v2', phase: 'completed' });
    expect(await e.engine.get(keys[1]!)).toMatchObject({ lastKnownGoodVersion: 'v2', phase: 'completed' });
    expect(await e.engine.get(keys[2]!)).toMatchObject({ lastKnownGoodVersion: 'v1', lastKnownBadVersion: 'v2', phase: 'rolled-back' });
    expect((await e.engine.list('one')).map((r) => r.entity)).toEqual(['billing', 'shop']);
    expect((await e.engine.list('two')).map((r) => r.lastKnownBadVersion)).toEqual(['v2']);
  });

  it('a dry run answers the step it would take and writes nothing', async () => {
    const e = engineOn();
    const key = { namespace: 'ns', entity: 'e' };
    const reports = await establish(e, key, 4);
    const before = await e.store.loadRollout(key);
    const dry = await e.engine.orchestrate(key, [...reports, { name: 'new', version: 'v1' }], { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, persisted: false, effectiveVersion: 'v2' });
    expect(dry.wanted.map((w) => `${w.name}:${w.version}`)).toEqual(['target0:v2', 'target1:v1', 'target2:v1', 'target3:v1', 'new:v1']);
    expect(dry.events.map((ev) => ev.kind)).toEqual(['step-started']);
    expect(await e.store.loadRollout(key)).toEqual(before);
    const real = await e.engine.orchestrate(key, reports);
    expect(real).toMatchObject({ dryRun: false, persisted: true, rollout: { revision: before.rollout!.revision + 1 } });
  });

  it('refuses an unknown rollout (orc_unknown_rollout) and one without a version (orc_refused); creates one by setting its version or options', async () => {
    const e = engineOn();
    const key = { namespace: 'ns', entity: 'e' };
    expect(await failure(e.engine.orchestrate(key, []))).toMatchObject({ code: 'orc_unknown_rollout' });
    expect(await failure(e.engine.control(key, { kind: 'pause' }))).toMatchObject({ code: 'orc_unknown_rollout' });
    expect(await failure(e.engine.get(key))).toMatchObject({ code: 'orc_unknown_rollout' });
    expect(await e.engine.control(key, { kind: 'options', options: { batchPercent: 50 } })).toMatchObject({ persisted: true, rollout: { revision: 1 } });
    expect(await failure(e.engine.orchestrate(key, reportsOn(['a'], 'v1')))).toMatchObject({ code: 'orc_refused', message: expect.stringContaining('no target version') });
    expect(await e.store.listRolloutTargets(key)).toEqual([]);
    expect(await e.engine.control(key, { kind: 'options', options: { batchPercent: 50 } }), 'the same options again: nothing written').toMatchObject({ persisted: false });
    expect((await e.engine.control(key, { kind: 'version', version: 'v1' })).rollout).toMatchObject({ revision: 2, targetVersion: 'v1' });
  });

  it('computes the step again from a fresh read when another orc wrote first (compare-and-set)', async () => {
    const memory = new MemoryStore();
    const key = { namespace: 'ns', entity: 'e' };
    let competitor: (() => Promise<unknown>) | undefined;
    const writes: RolloutWrite[] = [];
    const racing: RolloutStore = {
      loadRollout: (k) => memory.loadRollout(k),
      getRollout: (k) => memory.getRollout(k),
      listRollouts: (o) => memory.listRollouts(o),
      listRolloutTargets: (k, o) => memory.listRolloutTargets(k, o),
      saveRollout: async (w, lease) => {
        writes.push(w);
        const run = competitor;
        competitor = undefined;
        await run?.();
        return memory.saveRollout(w, lease);
      },
    };
    const e = engineOn(racing);
    const reports = await establish(e, key, 3);
    // Between this node's read and its write, an operator pauses the rollout through another node.
    const other = new RolloutEngine({ store: memory, clock: { now: () => T0 } });
    competitor = () => other.control(key, { kind: 'pause', reason: 'from node 2' });
    writes.length = 0;
    const result = await e.engine.orchestrate(key, reports);
    expect(writes.map((w) => w.expectedRevision)).toEqual([5, 6]);
    expect(result.rollout).toMatchObject({ revision: 7, pause: { reason: 'from node 2' }, phase: 'paused' });
    expect(result.wanted.every((w) => w.version === 'v1'), 'paused: the step computed again tells nobody').toBe(true);
  });

  it(`gives up with orc_refused after ${ROLLOUT_WRITE_ATTEMPTS} writes that all lost`, async () => {
    const memory = new MemoryStore();
    const key = { namespace: 'ns', entity: 'e' };
    const setup = engineOn(memory);
    const reports = await establish(setup, key, 3);
    let tries = 0;
    const losing: RolloutStore = Object.assign(Object.create(memory) as MemoryStore, {
      saveRollout: async () => {
        tries += 1;
        return false;
      },
    });
    const err = await failure(new RolloutEngine({ store: losing, clock: { now: () => T0 } }).orchestrate(key, reports));
    expect(err).toMatchObject({ code: 'orc_refused', message: expect.stringContaining('kept changing') });
    expect(tries).toBe(ROLLOUT_WRITE_ATTEMPTS);
  });

  it("refuses a deposed leader's step with orc_deposed (the lease token is passed to the store)", async () => {
    const memory = new MemoryStore({ backendClock: { now: () => T0 } });
    const key = { namespace: 'ns', entity: 'e' };
    const e = engineOn(memory);
    const reports = await establish(e, key, 3);
    const lease = await memory.tryAcquireLease('orc', 'orc-1', 60_000);
    const token = { name: 'orc', holder: lease.holder, epoch: lease.epoch };
    expect((await e.engine.orchestrate(key, reports, { lease: token })).persisted).toBe(true);
    await memory.releaseLease('orc', 'orc-1');
    await memory.tryAcquireLease('orc', 'orc-2', 60_000);
    e.tick(1);
    const before = await memory.loadRollout(key);
    expect(await failure(e.engine.orchestrate(key, reportsOn(names(3), 'v2'), { lease: token }))).toMatchObject({ code: 'orc_deposed' });
    expect(await memory.loadRollout(key)).toEqual(before);
  });

  it('plans the batches to come and lists one group of targets', async () => {
    const e = engineOn();
    const key = { namespace: 'ns', entity: 'e' };
    await e.engine.control(key, { kind: 'options', options: { batchPercent: 50, successTimeoutSecs: 0 } });
    await e.engine.control(key, { kind: 'version', version: 'v1' });
    await e.engine.orchestrate(key, [
      { name: 'a', group: 'east', version: 'v0' },
      { name: 'b', group: 'west', version: 'v0' },
      { name: 'c', group: 'east', version: 'v0' },
      { name: 'd', group: 'west', version: 'v0' },
    ]);
    expect(await e.engine.plan(key)).toMatchObject({ version: 'v1', inFlight: ['a', 'b'], batches: [['c', 'd']], blocked: null });
    expect((await e.engine.targets(key, 'east')).map((t) => `${t.name}:${t.wantedVersion}`)).toEqual(['a:v1', 'c:v0']);
  });
});

describe('RolloutEngine keeps the targets it read', () => {
  function counting(memory: MemoryStore) {
    const calls = { load: 0, head: 0 };
    const store: RolloutStore = {
      loadRollout: (k) => {
        calls.load += 1;
        return memory.loadRollout(k);
      },
      getRollout: (k) => {
        calls.head += 1;
        return memory.getRollout(k);
      },
      listRollouts: (o) => memory.listRollouts(o),
      listRolloutTargets: (k, o) => memory.listRolloutTargets(k, o),
      saveRollout: (w, l) => memory.saveRollout(w, l),
    };
    return { store, calls };
  }

  it('reads every target again only when another writer moved the revision', async () => {
    const memory = new MemoryStore();
    const { store, calls } = counting(memory);
    const e = engineOn(store);
    const key = { namespace: 'ns', entity: 'e' };
    let reports = await establish(e, key, 4);
    calls.load = 0;
    for (let i = 0; i < 4; i++) {
      e.tick(1);
      reports = asReports((await e.engine.orchestrate(key, reports)).wanted);
    }
    expect(calls.load, 'its own writes keep the kept targets current').toBe(0);
    await new RolloutEngine({ store: memory, clock: { now: () => T0 } }).control(key, { kind: 'pause' });
    e.tick(1);
    const paused = await e.engine.orchestrate(key, reports);
    expect(calls.load).toBe(1);
    expect(paused.rollout.phase).toBe('paused');
  });

  it('steps exactly as an engine that reads everything, new targets included (kept in the stores order)', async () => {
    const memory = new MemoryStore();
    const kept = engineOn(memory);
    const key = { namespace: 'ns', entity: 'e' };
    let reports = await establish(kept, key, 3);
    reports = [...reports, { name: 'a-new', version: 'v1' }, { name: 'z-new', version: 'v1' }];
    for (let i = 0; i < 6; i++) {
      kept.tick(1);
      const fresh = await new RolloutEngine({ store: memory, clock: { now: () => T0 + (i + 1) * 1000 } }).orchestrate(key, reports, { dryRun: true });
      const step = await kept.engine.orchestrate(key, reports);
      expect(step.wanted, `call ${i + 1}`).toEqual(fresh.wanted);
      reports = asReports(step.wanted);
    }
    expect((await memory.loadRollout(key)).targets.map((t) => t.name)).toEqual(['a-new', 'target0', 'target1', 'target2', 'z-new']);
  });
});

import { describe, expect, it } from 'vitest';
import { emptiedSqlHarness } from '../support/emptied-sql-harness.js';
import { useStoreSession } from '../support/store-session.js';
import { InputError } from '../../core/errors.js';
import type { RolloutWrite } from '../../core/ports/rollout-store.js';
import type { FleetRollout } from '../../core/rollouts/fleet/fleet-rollout.js';
import { newRollout, type Rollout } from '../../core/rollouts/rollout.js';
import { RolloutEngine } from '../../core/rollouts/rollout-engine.js';
import type { RolloutKey } from '../../core/rollouts/rollout-key.js';
import type { RolloutTarget } from '../../core/rollouts/rollout-target.js';
import type { OrcStore, StoreConfig } from '../../core/store/open-store.js';
import type { RecoveryStoreHarness } from './recovery-store-suite.js';

const T0 = 1_700_000_000_000;
const KEY: RolloutKey = { namespace: 'prod', entity: 'db-a.example:3306' };

/** A harness over one fresh, migrated SQL location whose reset empties the rollout tables. */
export function rolloutSqlHarness(freshLocation: () => StoreConfig): () => Promise<RecoveryStoreHarness> {
  return emptiedSqlHarness(freshLocation, ['orc_rollouts', 'orc_rollout_targets', 'orc_fleet_rollouts']);
}

function rollout(key: RolloutKey = KEY, fields: Partial<Rollout> = {}): Rollout {
  return { ...newRollout(key, T0), targetVersion: 'v2', rollingVersion: 'v2', lastKnownGoodVersion: 'v1', revision: 1, ...fields };
}

function target(name: string, fields: Partial<RolloutTarget> = {}): RolloutTarget {
  return { name, group: '', version: 'v1', isError: false, message: '', versionChangedAt: T0, errorChangedAt: T0, reportedAt: T0, wantedVersion: 'v1', wantedAt: T0, ...fields };
}

function fleet(id: string, fields: Partial<FleetRollout> = {}): FleetRollout {
  return {
    id,
    cluster: 'db-a.example:3306',
    actor: 'cli:alice',
    variables: [{ name: 'slave_net_timeout', value: '30' }],
    gates: { maxLagSecs: 30, query: 'SELECT 1' },
    includePrimary: true,
    servers: [
      { name: 'db-b.example:3306', role: 'replica', applied: 'after', previous: { slave_net_timeout: '60' }, baseline: { io: 0, sql: 1062 }, gate: 'lag 40 s over 30 s', failure: '' },
      { name: 'db-a.example:3306', role: 'primary', applied: 'before', previous: null, baseline: null, gate: '', failure: '' },
    ],
    steps: [{ at: T0 + 1, server: 'db-b.example:3306', action: 'apply', outcome: 'ok', detail: 'set slave_net_timeout=30' }],
    done: false,
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    ...fields,
  };
}

function write(r: Rollout, upserts: RolloutTarget[] = [], removals: string[] = []): RolloutWrite {
  return { rollout: r, expectedRevision: r.revision - 1, upserts, removals };
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
}

/** Registers the RolloutStore contract tests; the same suite runs on SQLite, MariaDB and the in-memory fake. */
export function rolloutStoreSuite(name: string, harness: () => Promise<RecoveryStoreHarness>): void {
  describe(`RolloutStore on ${name}`, () => {
    let store: OrcStore;
    const session = useStoreSession(harness, (s) => {
      store = s.store;
    });

    it('round-trips a rollout with every field and its targets, listed by name (bytewise)', async () => {
      const r = rollout(KEY, {
        badVersions: ['v0', 'v1.5'],
        lastKnownBadVersion: 'v1.5',
        options: { batchPercent: 20, successPercent: 90, successTimeoutSecs: 30, durationTimeoutSecs: 300, steps: [1, 5], pauseBetweenSteps: true, progressDeadlineSecs: 900 },
        phase: 'paused',
        pause: { kind: 'step', reason: 'step 1 done' },
        step: 1,
        stepsDone: 1,
        advanceStep: true,
        fullPromotion: false,
        rollingSince: T0 + 1,
        progressAt: T0 + 2,
        counts: { total: 3, pending: 1, succeeded: 1, failed: 1 },
      });
      const targets = [
        target('b', { group: 'east', isError: true, message: 'lag 30 s', wantedVersion: 'v2', wantedAt: T0 + 5 }),
        target('B', { version: 'v2', versionChangedAt: T0 + 9 }),
        target('a-1', { reportedAt: 8_000_000_000_000 }),
      ];
      expect(await store.saveRollout(write(r, targets))).toBe(true);
      const loaded = await store.loadRollout(KEY);
      expect(loaded.rollout).toEqual(r);
      expect(loaded.targets.map((t) => t.name)).toEqual(['B', 'a-1', 'b']);
      expect(loaded.targets).toEqual([targets[1], targets[2], targets[0]]);
      expect(await store.getRollout(KEY)).toEqual(r);
      expect(await store.loadRollout({ ...KEY, entity: 'other' })).toEqual({ rollout: undefined, targets: [] });
      expect(await store.getRollout({ namespace: 'PROD', entity: KEY.entity }), 'names are case-sensitive').toBeUndefined();
    });

    it('writes by compare-and-set: a stale writer (or a second create) writes nothing, rollout and targets alike', async () => {
      expect(await store.saveRollout(write(rollout(), [target('a')]))).toBe(true);
      expect(await store.saveRollout(write(rollout(KEY, { targetVersion: 'v9' }), [target('z')])), 'a second create').toBe(false);
      const second = rollout(KEY, { revision: 2, phase: 'progressing' });
      expect(await store.saveRollout(write(second, [target('a', { wantedVersion: 'v2' })]))).toBe(true);
      // A writer that read revision 1 is late: nothing of its step lands.
      const late = { rollout: rollout(KEY, { revision: 2, targetVersion: 'v3' }), expectedRevision: 1, upserts: [target('late')], removals: ['a'] };
      expect(await store.saveRollout(late)).toBe(false);
      const loaded = await store.loadRollout(KEY);
      expect(loaded.rollout).toEqual(second);
      expect(loaded.targets).toEqual([target('a', { wantedVersion: 'v2' })]);
    });

    it('lets only one of two orc nodes that read the same revision apply their step', async () => {
      const other = await session.another();
      await store.saveRollout(write(rollout(), [target('a'), target('b')]));
      const mine = await store.loadRollout(KEY);
      const theirs = await other.loadRollout(KEY);
      const step = (by: OrcStore, read: typeof mine, told: string) =>
        by.saveRollout({ rollout: { ...read.rollout!, revision: 2, step: 1 }, expectedRevision: 1, upserts: [target(told, { wantedVersion: 'v2' })], removals: [] });
      expect(await step(other, theirs, 'b')).toBe(true);
      expect(await step(store, mine, 'a')).toBe(false);
      expect((await store.loadRollout(KEY)).targets.map((t) => `${t.name}:${t.wantedVersion}`)).toEqual(['a:v1', 'b:v2']);
    });

    it('upserts and removes targets in chunks (2500 written, 1200 removed in one step)', async () => {
      const many = Array.from({ length: 2500 }, (_, i) => target(`t${String(i).padStart(4, '0')}`));
      expect(await store.saveRollout(write(rollout(), many))).toBe(true);
      const changed = many.slice(0, 1300).map((t) => ({ ...t, wantedVersion: 'v2', wantedAt: T0 + 1 }));
      const removed = many.slice(1300).map((t) => t.name);
      expect(await store.saveRollout(write(rollout(KEY, { revision: 2 }), changed, removed))).toBe(true);
      expect(await store.listRolloutTargets(KEY)).toEqual(changed);
    });

    it('keeps namespaces and entities isolated: same entity name, separate state, lists and targets', async () => {
      const test = { namespace: 'test', entity: KEY.entity };
      const other = { namespace: 'prod', entity: 'db-b.example:3306' };
      await store.saveRollout(write(rollout(KEY), [target('a')]));
      await store.saveRollout(write(rollout(test, { lastKnownGoodVersion: 'v7', rollingVersion: 'v8', targetVersion: 'v8' }), [target('x')]));
      await store.saveRollout(write(rollout(other), []));
      expect((await store.getRollout(test))?.lastKnownGoodVersion).toBe('v7');
      expect((await store.getRollout(KEY))?.lastKnownGoodVersion).toBe('v1');
      expect((await store.listRollouts({ namespace: 'prod' })).map((r) => `${r.namespace}/${r.entity}`)).toEqual(['prod/db-a.example:3306', 'prod/db-b.example:3306']);
      expect((await store.listRollouts({ namespace: 'test' })).map((r) => r.entity)).toEqual([KEY.entity]);
      expect(await store.listRollouts({ namespace: 'staging' })).toEqual([]);
      expect(await store.listRollouts()).toHaveLength(3);
      expect((await store.listRolloutTargets(test)).map((t) => t.name)).toEqual(['x']);
      expect(await store.listRolloutTargets(other)).toEqual([]);
    });

    it('filters targets by group', async () => {
      await store.saveRollout(write(rollout(), [target('a', { group: 'east' }), target('b', { group: 'west' }), target('c', { group: 'east' }), target('d')]));
      expect((await store.listRolloutTargets(KEY, { group: 'east' })).map((t) => t.name)).toEqual(['a', 'c']);
      expect((await store.listRolloutTargets(KEY, { group: '' })).map((t) => t.name)).toEqual(['d']);
      expect(await store.listRolloutTargets(KEY, { group: 'north' })).toEqual([]);
    });

    it('a new engine on the same store sees the same last known good version (persistence)', async () => {
      let now = T0;
      const clock = { now: () => now };
      const first = new RolloutEngine({ store, clock });
      await first.control(KEY, { kind: 'options', options: { successTimeoutSecs: 0, batchPercent: 100 } });
      await first.control(KEY, { kind: 'version', version: 'v1' });
      const reports = ['r1', 'r2', 'r3'].map((name) => ({ name, version: 'v1' }));
      await first.orchestrate(KEY, reports);
      now += 1000;
      await first.orchestrate(KEY, reports);
      await first.control(KEY, { kind: 'version', version: 'v2' });
      let wanted = (await first.orchestrate(KEY, reports)).wanted;
      for (let i = 0; i < 3; i++) {
        now += 1000;
        wanted = (await first.orchestrate(KEY, wanted)).wanted;
      }
      expect((await first.get(KEY)).lastKnownGoodVersion).toBe('v2');
      const second = new RolloutEngine({ store: await session.another(), clock });
      expect(await second.get(KEY)).toMatchObject({ lastKnownGoodVersion: 'v2', rollingVersion: 'v2', phase: 'completed' });
      expect((await second.targets(KEY)).map((t) => `${t.name}:${t.wantedVersion}`)).toEqual(['r1:v2', 'r2:v2', 'r3:v2']);
    });

    it("writes a leader's fenced step while its token holds, and refuses a deposed leader's with orc_deposed, writing nothing", async () => {
      const other = await session.another();
      const lease = `rollouts-${name.replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
      const first = await store.tryAcquireLease(lease, 'orc-1', 60_000);
      const token = { name: lease, holder: first.holder, epoch: first.epoch };
      expect(await store.saveRollout(write(rollout(), [target('a')]), token)).toBe(true);
      expect(await store.releaseLease(lease, 'orc-1')).toBe(true);
      expect((await other.tryAcquireLease(lease, 'orc-2', 60_000)).holder).toBe('orc-2');
      const late = write(rollout(KEY, { revision: 2, targetVersion: 'v3' }), [target('b')], ['a']);
      expect(await failure(store.saveRollout(late, token))).toMatchObject({ code: 'orc_deposed' });
      expect(await store.loadRollout(KEY)).toEqual({ rollout: rollout(), targets: [target('a')] });
    });

    it('refuses malformed writes and queries with InputError, writing nothing', async () => {
      const cases: Promise<unknown>[] = [
        store.saveRollout({ ...write(rollout()), expectedRevision: 1 }),
        store.saveRollout(write(rollout(), [target('a'), target('a')])),
        store.saveRollout(write(rollout(), [target('a')], ['a'])),
        store.saveRollout(write(rollout({ namespace: 'bad/name', entity: 'e' }))),
        store.saveRollout(write(rollout(KEY, { badVersions: ['v1'] }))),
        store.saveRollout(write(rollout(), [target('a', { wantedAt: 1.5 })])),
        store.saveRollout(write(rollout(), [target('a\tb')])),
        store.listRolloutTargets({ namespace: '', entity: 'e' }),
        store.listRollouts({ namespace: 'x'.repeat(200) }),
      ];
      for (const c of cases) expect(await failure(c)).toBeInstanceOf(InputError);
      expect(await store.listRollouts()).toEqual([]);
    });

    it('round-trips fleet rollouts, lists them newest first (active ones on request) and refuses a second create', async () => {
      const a = fleet('r-a');
      const b = fleet('r-b', { createdAt: T0 + 10, updatedAt: T0 + 10, done: true, gates: { maxLagSecs: 5, query: null } });
      await store.createFleetRollout(a);
      await store.createFleetRollout(b);
      expect(await store.getFleetRollout('r-a')).toEqual(a);
      expect(await store.getFleetRollout('r-none')).toBeUndefined();
      expect((await store.listFleetRollouts()).map((f) => f.id)).toEqual(['r-b', 'r-a']);
      expect((await store.listFleetRollouts({ active: true })).map((f) => f.id)).toEqual(['r-a']);
      expect(await failure(store.createFleetRollout(a))).toMatchObject({ code: 'orc_store_failed' });
    });

    it('updates a fleet rollout by compare-and-set, and refuses a deposed leader with orc_deposed, writing nothing', async () => {
      await store.createFleetRollout(fleet('r-a'));
      const next = fleet('r-a', { revision: 2, done: true, updatedAt: T0 + 5 });
      expect(await store.updateFleetRollout(next, 1)).toBe(true);
      expect(await store.updateFleetRollout(fleet('r-a', { revision: 2, actor: 'stale' }), 1)).toBe(false);
      expect(await store.getFleetRollout('r-a')).toEqual(next);
      const other = await session.another();
      const lease = `fleet-${name.replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
      const first = await store.tryAcquireLease(lease, 'orc-1', 60_000);
      const token = { name: lease, holder: first.holder, epoch: first.epoch };
      expect(await store.releaseLease(lease, 'orc-1')).toBe(true);
      expect((await other.tryAcquireLease(lease, 'orc-2', 60_000)).holder).toBe('orc-2');
      expect(await failure(store.updateFleetRollout(fleet('r-a', { revision: 3 }), 2, token))).toMatchObject({ code: 'orc_deposed' });
      expect(await store.getFleetRollout('r-a')).toEqual(next);
      expect(await failure(store.updateFleetRollout(fleet('bad/id', { revision: 3 }), 2))).toBeInstanceOf(InputError);
    });
  });
}

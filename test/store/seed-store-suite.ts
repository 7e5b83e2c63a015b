import { describe, expect, it } from 'vitest';
import { emptiedSqlHarness } from '../support/emptied-sql-harness.js';
import { useStoreSession } from '../support/store-session.js';
import { InputError, StoreError } from '../../core/errors.js';
import { nextSeedState } from '../../core/seeds/next-seed-state.js';
import type { SeedStateRow } from '../../core/seeds/seed-transition.js';
import { newSeed, NO_RETRIES, type Seed } from '../../core/seeds/seed.js';
import type { OrcStore, StoreConfig } from '../../core/store/open-store.js';
import type { RecoveryStoreHarness } from './recovery-store-suite.js';

const T0 = 1_700_000_000_000;
const SOURCE = { host: 'db-a.example', port: 3306 };
const TARGET = { host: 'db-b.example', port: 3307 };
const CONFIG = { maxRetriesPerStage: 3, staleProgressMs: 600_000, downtimeMs: 3_600_000 };

/** A harness over one fresh, migrated SQL location whose reset empties the seed tables. */
export function seedSqlHarness(freshLocation: () => StoreConfig): () => Promise<RecoveryStoreHarness> {
  return emptiedSqlHarness(freshLocation, ['orc_seeds', 'orc_seed_states']);
}

function seed(id: string, createdAt = T0, fields: Partial<Seed> = {}): Seed {
  return { ...newSeed({ id, method: 'mariabackup', source: SOURCE, target: TARGET, now: createdAt }), ...fields };
}

function row(seedId: string, at: number, fields: Partial<SeedStateRow> = {}): SeedStateRow {
  return { seedId, at, agent: null, stage: 'Prepare', status: 'Scheduled', details: 'created', ...fields };
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
}

/** Registers the SeedStore contract tests; the same suite runs on SQLite, MariaDB and the in-memory fake. */
export function seedStoreSuite(name: string, harness: () => Promise<RecoveryStoreHarness>): void {
  describe(`SeedStore on ${name}`, () => {
    let store: OrcStore;
    let other: OrcStore | undefined;
    const session = useStoreSession(harness, (s) => {
      store = s.store;
    });

    it('round-trips a seed with hosts lower-cased and large byte counts', async () => {
      const s = seed('s1', T0, { source: { host: 'DB-A.Example', port: 3306 }, bytesCopied: 2 ** 40, retries: { ...NO_RETRIES, Backup: 2 }, error: 'x' });
      await store.createSeed(s);
      expect(await store.getSeed('s1')).toEqual({ ...s, source: SOURCE });
      expect(await store.getSeed('nope')).toBeUndefined();
    });

    it('refuses a second seed with the same id', async () => {
      await store.createSeed(seed('s1'));
      const err = await failure(store.createSeed(seed('s1', T0 + 1)));
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).message).toContain('seed s1 already exists');
    });

    it('lists seeds newest first, the active ones on request, up to a limit', async () => {
      await store.createSeed(seed('old', T0));
      await store.createSeed(seed('done', T0 + 1, { status: 'Completed', endedAt: T0 + 5 }));
      await store.createSeed(seed('new', T0 + 2, { status: 'Error' }));
      expect((await store.listSeeds()).map((s) => s.id)).toEqual(['new', 'done', 'old']);
      expect((await store.listSeeds({ active: true })).map((s) => s.id)).toEqual(['new', 'old']);
      expect((await store.listSeeds({ limit: 1 })).map((s) => s.id)).toEqual(['new']);
      expect(await failure(store.listSeeds({ limit: 0 }))).toBeInstanceOf(InputError);
    });

    it('updates a seed only while it is where the writer last saw it (compare-and-set)', async () => {
      const s = seed('s1');
      await store.createSeed(s);
      const running: Seed = { ...s, status: 'Running', startedAt: T0 + 1, progressAt: T0 + 1, updatedAt: T0 + 1 };
      expect(await store.updateSeed(running, { status: 'Scheduled', stage: 'Prepare' })).toBe(true);
      expect(await store.getSeed('s1')).toEqual(running);
      // A writer that read the seed before that update is refused and writes nothing.
      expect(await store.updateSeed({ ...s, status: 'Error', error: 'late' }, { status: 'Scheduled', stage: 'Prepare' })).toBe(false);
      expect(await store.getSeed('s1')).toEqual(running);
      expect(await store.updateSeed({ ...running, id: 'ghost' }, { status: 'Running', stage: 'Prepare' })).toBe(false);
    });

    it('lets exactly one of two concurrent writers move a seed', async () => {
      other = await session.another();
      await store.createSeed(seed('s1'));
      const base = (await store.getSeed('s1'))!;
      const results = await Promise.all([
        store.updateSeed({ ...base, status: 'Running', updatedAt: T0 + 1 }, { status: 'Scheduled', stage: 'Prepare' }),
        other.updateSeed({ ...base, status: 'Error', error: 'call failed', updatedAt: T0 + 2 }, { status: 'Scheduled', stage: 'Prepare' }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.getSeed('s1'))?.status).toBe(results[0] ? 'Running' : 'Error');
    });

    it('keeps the abort flag of an active seed through later updates, and never flags an ended seed', async () => {
      await store.createSeed(seed('s1'));
      await store.createSeed(seed('s2', T0, { status: 'Failed', endedAt: T0 }));
      expect(await store.requestSeedAbort('s1', T0 + 5)).toBe(true);
      expect(await store.requestSeedAbort('s2', T0 + 5)).toBe(false);
      expect(await store.requestSeedAbort('nope', T0 + 5)).toBe(false);
      expect(await store.updateSeed({ ...seed('s1'), status: 'Running', updatedAt: T0 + 6 }, { status: 'Scheduled', stage: 'Prepare' })).toBe(true);
      expect(await store.getSeed('s1')).toMatchObject({ status: 'Running', abortRequested: true, updatedAt: T0 + 6 });
      expect((await store.getSeed('s2'))?.abortRequested).toBe(false);
    });

    it('appends state rows and lists a seed history in append order, same millisecond included', async () => {
      await store.appendSeedState(row('s1', T0));
      await store.appendSeedState(row('s2', T0));
      await store.appendSeedState(row('s1', T0 + 1, { agent: 'target', status: 'Error', details: 'disk full' }));
      await store.appendSeedState(row('s1', T0 + 1, { agent: 'source', status: 'Error', stage: 'Backup', details: 'second' }));
      expect(await store.listSeedStates('s1')).toEqual([
        row('s1', T0),
        row('s1', T0 + 1, { agent: 'target', status: 'Error', details: 'disk full' }),
        row('s1', T0 + 1, { agent: 'source', status: 'Error', stage: 'Backup', details: 'second' }),
      ]);
      expect(await store.listSeedStates('none')).toEqual([]);
    });

    it('refuses malformed seeds and state rows with InputError, writing nothing', async () => {
      expect(await failure(store.createSeed(seed('s1', T0, { stage: 'Teleport' as Seed['stage'] })))).toBeInstanceOf(InputError);
      expect(await failure(store.createSeed(seed('s1', T0, { bytesCopied: -1 })))).toBeInstanceOf(InputError);
      expect(await failure(store.createSeed(seed('')))).toBeInstanceOf(InputError);
      expect(await failure(store.appendSeedState(row('s1', T0, { status: 'Paused' as SeedStateRow['status'] })))).toBeInstanceOf(InputError);
      expect(await failure(store.appendSeedState(row('s1', T0, { agent: 'mallory' as SeedStateRow['agent'] })))).toBeInstanceOf(InputError);
      expect(await store.listSeeds()).toEqual([]);
      expect(await store.listSeedStates('s1')).toEqual([]);
    });

    it("writes a leader's fenced seed updates and rows while its lease token holds", async () => {
      const lease = `seeds-${name.replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
      const taken = await store.tryAcquireLease(lease, 'orc-1', 60_000);
      const token = { name: lease, holder: taken.holder, epoch: taken.epoch };
      const s = seed('s1');
      await store.createSeed(s);
      const running: Seed = { ...s, status: 'Running', startedAt: T0 + 1, progressAt: T0 + 1, updatedAt: T0 + 1 };
      expect(await store.updateSeed(running, { status: 'Scheduled', stage: 'Prepare' }, token)).toBe(true);
      // The fence does not replace the compare-and-set: a stale expectation still writes nothing.
      expect(await store.updateSeed({ ...s, status: 'Error' }, { status: 'Scheduled', stage: 'Prepare' }, token)).toBe(false);
      await store.appendSeedState(row('s1', T0 + 1, { status: 'Running' }), token);
      expect(await store.getSeed('s1')).toEqual(running);
      expect(await store.listSeedStates('s1')).toEqual([row('s1', T0 + 1, { status: 'Running' })]);
    });

    it("refuses a deposed leader's late seed write with orc_deposed and writes nothing", async () => {
      other = await session.another();
      const lease = `seeds-${name.replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
      const first = await store.tryAcquireLease(lease, 'orc-1', 60_000);
      const token = { name: lease, holder: first.holder, epoch: first.epoch };
      const s = seed('s1');
      await store.createSeed(s);
      expect(await store.releaseLease(lease, 'orc-1')).toBe(true);
      expect((await other.tryAcquireLease(lease, 'orc-2', 60_000)).holder).toBe('orc-2');
      const late: Seed = { ...s, status: 'Running', startedAt: T0 + 1, progressAt: T0 + 1, updatedAt: T0 + 1 };
      expect(await failure(store.updateSeed(late, { status: 'Scheduled', stage: 'Prepare' }, token))).toMatchObject({ code: 'orc_deposed' });
      expect(await failure(store.appendSeedState(row('s1', T0 + 1, { status: 'Running' }), token))).toMatchObject({ code: 'orc_deposed' });
      expect(await store.getSeed('s1')).toEqual(s);
      expect(await store.listSeedStates('s1')).toEqual([]);
      // The new leader's token holds.
      const second = (await other.getLease(lease))!;
      expect(await other.updateSeed(late, { status: 'Scheduled', stage: 'Prepare' }, { name: lease, holder: second.holder, epoch: second.epoch })).toBe(true);
    });

    it('persists the transitions of a tick loop: seed by compare-and-set, one history row per change', async () => {
      let current = seed('s1');
      await store.createSeed(current);
      for (let i = 1; i <= 3; i += 1) {
        const t = nextSeedState({ seed: current, reports: [], config: CONFIG, now: T0 + i });
        expect(await store.updateSeed(t.seed, { status: current.status, stage: current.stage })).toBe(true);
        if (t.row) await store.appendSeedState(t.row);
        current = t.seed;
      }
      expect(await store.getSeed('s1')).toEqual(current);
      expect((await store.listSeedStates('s1')).map((r) => `${r.status}/${r.stage}`)).toEqual(['Running/Prepare']);
    });
  });
}

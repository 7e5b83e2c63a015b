import { makeRecovery } from '../support/recovery-builder.js';
import { emptiedSqlHarness } from '../support/emptied-sql-harness.js';
import { describe, expect, it } from 'vitest';
import { useStoreSession } from '../support/store-session.js';
import { InputError, type OrcError, RefusedError, StoreError } from '../../core/errors.js';
import type { Downtime, FencedInstance, MaintenanceLock, RecoveryRecord, RecoveryStepRecord } from '../../core/ports/recovery-store.js';
import type { OrcStore, StoreConfig } from '../../core/store/open-store.js';

/** Storage the recovery suite runs on: any number of handles on the same data, emptied between tests. */
export interface RecoveryStoreHarness {
  /** Opens another handle on the suite's data (its own connections, where the backend has any). */
  open(): Promise<OrcStore>;
  /** Deletes every recovery, step, lock, downtime, fence and setting. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

const RECOVERY_TABLES = ['orc_recoveries', 'orc_recovery_steps', 'orc_locks', 'orc_downtime', 'orc_fences', 'orc_settings'] as const;

/** A harness over one fresh, migrated SQL location; every open() is a separate openStore (pool or file handle). */
export function sqlHarness(freshLocation: () => StoreConfig): () => Promise<RecoveryStoreHarness> {
  return emptiedSqlHarness(freshLocation, RECOVERY_TABLES);
}

const T0 = 1_700_000_000_123;
const MINUTE = 60_000;
const A = { host: 'db-a.example', port: 3306 };
const B = { host: 'db-b.example', port: 3306 };
const C = { host: 'db-c.example', port: 3307 };
const CLUSTER_A = 'db-a.example:3306';
const CLUSTER_X = 'db-x.example:3306';

function recovery(id: string, startedAt: number, overrides: Partial<RecoveryRecord> = {}): RecoveryRecord {
  return makeRecovery({ id, cluster: CLUSTER_A, clusterAlias: 'billing', failed: A, actor: 'service:orc-1', startedAt, ...overrides });
}

function step(recoveryId: string, index: number, overrides: Partial<RecoveryStepRecord> = {}): RecoveryStepRecord {
  return { recoveryId, index, name: `step ${index}`, status: 'ok', startedAt: T0 + index, endedAt: T0 + index + 1, message: '', ...overrides };
}

function lock(owner: string, expiresAt: number, overrides: Partial<MaintenanceLock> = {}): MaintenanceLock {
  return { instance: A, owner, reason: 'relocate', acquiredAt: T0, expiresAt, ...overrides };
}

function fence(overrides: Partial<FencedInstance> = {}): FencedInstance {
  return { instance: A, cluster: CLUSTER_A, recoveryId: 'r1', fencedAt: T0, state: 'fenced', updatedAt: T0, detail: 'read_only=1', ...overrides };
}

function downtime(overrides: Partial<Downtime> = {}): Downtime {
  return { instance: A, owner: 'cli:alice', reason: 'kernel upgrade', beganAt: T0, until: T0 + 10 * MINUTE, ...overrides };
}

async function failure(work: Promise<unknown>): Promise<OrcError> {
  return work.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: OrcError) => err,
  );
}

/** Registers the RecoveryStore contract tests; the same suite runs on SQLite, MariaDB and the in-memory fake. */
export function recoveryStoreSuite(name: string, harness: () => Promise<RecoveryStoreHarness>): void {
  describe(`RecoveryStore on ${name}`, () => {
    let store: OrcStore;
    const session = useStoreSession(harness, (s) => {
      store = s.store;
    });
    const another = () => session.another();

    describe('recoveries', () => {
      it('round-trips a recovery with its steps in plan order, hosts lower-cased', async () => {
        const record = recovery('r1', T0, { failed: { host: 'DB-A.Example', port: 3306 }, lost: [{ host: 'DB-C.example', port: 3307 }] });
        await store.registerRecovery(record);
        await store.recordStep(step('r1', 2, { status: 'running', endedAt: null }));
        await store.recordStep(step('r1', 1));
        await store.recordStep(step('r1', 2, { status: 'failed', message: 'STOP SLAVE timed out' }));
        await store.recordStep(step('other', 1));
        const stored = { ...record, failed: A, lost: [C] };
        expect(await store.getRecovery('r1')).toEqual({ record: stored, steps: [step('r1', 1), step('r1', 2, { status: 'failed', message: 'STOP SLAVE timed out' })] });
        await store.finishRecovery('r1', { status: 'succeeded', endedAt: T0 + 5000, successor: { host: 'DB-B.example', port: 3306 }, lost: [C, { host: 'db_d.example', port: 3308 }], summary: 'promoted db-b' });
        expect((await store.getRecovery('r1'))?.record).toEqual({
          ...stored,
          status: 'succeeded',
          endedAt: T0 + 5000,
          successor: B,
          lost: [C, { host: 'db_d.example', port: 3308 }],
          summary: 'promoted db-b',
        });
        expect(await store.getRecovery('nope')).toBeUndefined();
      });

      it('keeps IPv6 hosts in lost instances and every time as an exact number', async () => {
        const far = 4_102_444_800_123;
        await store.registerRecovery(recovery('r1', far, { lost: [{ host: '::1', port: 3306 }, { host: 'fd00::A', port: 3307 }], acknowledgedAt: far + 1, acknowledgedBy: 'x', ackComment: 'y' }));
        const [record] = await store.listRecoveries();
        expect(record?.lost).toEqual([{ host: '::1', port: 3306 }, { host: 'fd00::a', port: 3307 }]);
        expect([record?.startedAt, record?.acknowledgedAt]).toEqual([far, far + 1]);
        expect(typeof record?.failed.port).toBe('number');
      });

      it('refuses a second running recovery of a cluster, naming the running one, until it ends', async () => {
        await store.registerRecovery(recovery('r1', T0));
        const err = await failure(store.registerRecovery(recovery('r2', T0 + 1, { actor: 'cli:bob' })));
        expect(err).toBeInstanceOf(RefusedError);
        expect(err.code).toBe('orc_lock_held');
        expect(err.message).toBe(`cluster ${CLUSTER_A} is already being recovered by recovery r1 (started by service:orc-1)`);
        expect(await store.getRecovery('r2')).toBeUndefined();
        await store.registerRecovery(recovery('x1', T0 + 2, { cluster: CLUSTER_X }));
        await store.finishRecovery('r1', { status: 'failed', endedAt: T0 + 3, successor: null, lost: [], summary: 'no candidate' });
        await store.registerRecovery(recovery('r2', T0 + 4));
        expect((await store.listRecoveries()).map((r) => `${r.id}:${r.status}`)).toEqual(['r2:running', 'x1:running', 'r1:failed']);
      });

      it('lets exactly one of two handles register a cluster at the same moment', async () => {
        const other = await another();
        for (let round = 0; round < 5; round += 1) {
          const cluster = `race-${round}.example:3306`;
          const results = await Promise.allSettled([
            store.registerRecovery(recovery(`a${round}`, T0, { cluster })),
            other.registerRecovery(recovery(`b${round}`, T0, { cluster })),
          ]);
          expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
          const refused = results.find((r) => r.status === 'rejected');
          expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'orc_lock_held' });
          expect(await store.listRecoveries({ cluster })).toHaveLength(1);
        }
      });

      it('rejects a duplicate id, a recovery not registered as running, and bad ends', async () => {
        await store.registerRecovery(recovery('r1', T0));
        await store.finishRecovery('r1', { status: 'succeeded', endedAt: T0 + 1, successor: B, lost: [], summary: '' });
        const dup = await failure(store.registerRecovery(recovery('r1', T0 + 2, { cluster: CLUSTER_X })));
        expect(dup).toBeInstanceOf(StoreError);
        expect(dup.message).toContain('recovery r1 already exists');
        expect(await failure(store.registerRecovery(recovery('r2', T0, { status: 'succeeded' })))).toBeInstanceOf(InputError);
        expect(await failure(store.registerRecovery(recovery('r2', T0 + 0.5)))).toBeInstanceOf(InputError);
        expect(await failure(store.registerRecovery(recovery('r2', T0, { actor: 'x'.repeat(256) })))).toBeInstanceOf(InputError);
        expect(await store.getRecovery('r2')).toBeUndefined();
        const end = { status: 'failed', endedAt: T0 + 9, successor: null, lost: [], summary: '' } as const;
        const again = await failure(store.finishRecovery('r1', end));
        expect([again.code, again.message]).toEqual(['orc_refused', 'recovery r1 has already ended (succeeded)']);
        expect(await failure(store.finishRecovery('ghost', end))).toBeInstanceOf(InputError);
        expect(await failure(store.recordStep(step('r1', 0)))).toBeInstanceOf(InputError);
      });

      it('lists newest first, insertion order breaking ties, with a cluster filter and a limit of 50 by default', async () => {
        await store.registerRecovery(recovery('zz', T0));
        await store.finishRecovery('zz', { status: 'failed', endedAt: T0, successor: null, lost: [], summary: '' });
        await store.registerRecovery(recovery('aa', T0));
        await store.finishRecovery('aa', { status: 'failed', endedAt: T0, successor: null, lost: [], summary: '' });
        await store.registerRecovery(recovery('later', T0 + 1000, { cluster: CLUSTER_X }));
        await store.registerRecovery(recovery('mm', T0));
        expect((await store.listRecoveries()).map((r) => r.id)).toEqual(['later', 'mm', 'aa', 'zz']);
        expect((await store.listRecoveries({ cluster: CLUSTER_A, limit: 2 })).map((r) => r.id)).toEqual(['mm', 'aa']);
        expect(await store.listRecoveries({ cluster: 'DB-A.example:3306' })).toEqual([]);
        for (let i = 0; i < 50; i += 1) await store.registerRecovery(recovery(`bulk${i}`, T0 - 1 - i, { cluster: `c${i}` }));
        const all = await store.listRecoveries();
        expect(all).toHaveLength(50);
        expect(all.at(-1)?.id).toBe('bulk45');
        expect(await failure(store.listRecoveries({ limit: 0 }))).toBeInstanceOf(InputError);
      });

      it('acknowledges the unacknowledged recoveries of a cluster, or one by id, once', async () => {
        await store.registerRecovery(recovery('r1', T0));
        await store.finishRecovery('r1', { status: 'succeeded', endedAt: T0 + 1, successor: B, lost: [], summary: '' });
        await store.registerRecovery(recovery('r2', T0 + 2));
        await store.registerRecovery(recovery('x1', T0 + 3, { cluster: CLUSTER_X }));
        expect(await store.acknowledgeRecoveries({ cluster: CLUSTER_A }, 'cli:alice', 'looked at it', T0 + 10)).toBe(2);
        expect(await store.acknowledgeRecoveries({ cluster: CLUSTER_A }, 'cli:bob', 'me too', T0 + 20)).toBe(0);
        const r1 = (await store.getRecovery('r1'))?.record;
        expect([r1?.acknowledgedAt, r1?.acknowledgedBy, r1?.ackComment]).toEqual([T0 + 10, 'cli:alice', 'looked at it']);
        expect((await store.getRecovery('x1'))?.record.acknowledgedAt).toBeNull();
        expect(await store.acknowledgeRecoveries({ id: 'x1' }, 'slack:carol', '', T0 + 30)).toBe(1);
        expect(await store.acknowledgeRecoveries({ id: 'x1' }, 'slack:carol', '', T0 + 31)).toBe(0);
        expect(await store.acknowledgeRecoveries({ id: 'ghost' }, 'slack:carol', '', T0 + 31)).toBe(0);
        expect((await store.getRecovery('x1'))?.record).toMatchObject({ acknowledgedAt: T0 + 30, acknowledgedBy: 'slack:carol', ackComment: '' });
      });
    });

    describe('locks', () => {
      it('refuses another owner naming holder, expiry and reason; the owner refreshes keeping acquiredAt', async () => {
        await store.acquireLock(lock('cli:alice', T0 + MINUTE, { instance: { host: 'DB-A.Example', port: 3306 } }), T0);
        const err = await failure(store.acquireLock(lock('service:orc-1', T0 + 2 * MINUTE, { acquiredAt: T0 + 5 }), T0 + 5));
        expect(err).toBeInstanceOf(RefusedError);
        expect(err.code).toBe('orc_lock_held');
        expect(err.message).toBe(`instance db-a.example:3306 is locked by cli:alice until ${new Date(T0 + MINUTE).toISOString()}: relocate`);
        await store.acquireLock(lock('cli:alice', T0 + 3 * MINUTE, { acquiredAt: T0 + 7, reason: 'relocate again' }), T0 + 7);
        await store.acquireLock(lock('cli:alice', T0 + 3 * MINUTE, { acquiredAt: T0 + 8, reason: 'relocate again' }), T0 + 8);
        expect(await store.listLocks(T0 + 8)).toEqual([lock('cli:alice', T0 + 3 * MINUTE, { reason: 'relocate again' })]);
      });

      it('takes over an expired lock and lists only live ones', async () => {
        await store.acquireLock(lock('cli:alice', T0 + MINUTE), T0);
        await store.acquireLock(lock('cli:bob', T0 + MINUTE, { instance: B }), T0);
        expect((await store.listLocks(T0 + MINUTE)).map((l) => l.owner)).toEqual([]);
        await store.acquireLock(lock('service:orc-1', T0 + 3 * MINUTE, { acquiredAt: T0 + MINUTE, reason: 'recovery r1' }), T0 + MINUTE);
        expect(await store.listLocks(T0 + MINUTE)).toEqual([lock('service:orc-1', T0 + 3 * MINUTE, { acquiredAt: T0 + MINUTE, reason: 'recovery r1' })]);
        expect(await store.releaseLock(A, 'cli:alice')).toBe(false);
      });

      it('releases only the owner’s lock', async () => {
        await store.acquireLock(lock('cli:alice', T0 + MINUTE), T0);
        expect(await store.releaseLock(A, 'cli:bob')).toBe(false);
        expect(await store.releaseLock({ host: 'DB-A.EXAMPLE', port: 3306 }, 'cli:alice')).toBe(true);
        expect(await store.releaseLock(A, 'cli:alice')).toBe(false);
        await store.acquireLock(lock('cli:bob', T0 + MINUTE), T0);
        expect((await store.listLocks(T0)).map((l) => l.owner)).toEqual(['cli:bob']);
      });

      it('lets exactly one of two handles take a free or an expired lock at the same moment', async () => {
        const other = await another();
        const race = async (instance: { host: string; port: number }, now: number) => {
          const results = await Promise.allSettled([
            store.acquireLock(lock('one', now + MINUTE, { instance }), now),
            other.acquireLock(lock('two', now + MINUTE, { instance }), now),
          ]);
          expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
          expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'orc_lock_held' });
        };
        for (let round = 0; round < 5; round += 1) {
          await race({ host: `free-${round}.example`, port: 3306 }, T0);
          const expired = { host: `expired-${round}.example`, port: 3306 };
          await store.acquireLock(lock('old', T0 + 1, { instance: expired }), T0);
          await race(expired, T0 + 1);
        }
        expect(await store.listLocks(T0 + 1)).toHaveLength(10);
      });

      it('rejects a lock that would already have expired', async () => {
        expect(await failure(store.acquireLock(lock('cli:alice', T0), T0))).toBeInstanceOf(InputError);
        expect(await failure(store.acquireLock(lock('', T0 + 1), T0))).toBeInstanceOf(InputError);
        expect(await store.listLocks(T0 - 1)).toEqual([]);
      });
    });

    describe('downtime', () => {
      it('begins, replaces, lists active windows by instance and ends', async () => {
        await store.beginDowntime(downtime({ instance: { host: 'DB-B.example', port: 3306 } }));
        await store.beginDowntime(downtime({ until: T0 + MINUTE }));
        await store.beginDowntime(downtime({ instance: C, until: T0 + 1 }));
        expect(await store.listDowntime(T0)).toEqual([downtime({ until: T0 + MINUTE }), downtime({ instance: B }), downtime({ instance: C, until: T0 + 1 })]);
        expect((await store.listDowntime(T0 + 1)).map((d) => d.instance)).toEqual([A, B]);
        await store.beginDowntime(downtime({ owner: 'cli:bob', reason: 'longer', until: T0 + 20 * MINUTE }));
        expect((await store.listDowntime(T0 + MINUTE)).map((d) => `${d.instance.host}:${d.owner}:${d.until - T0}`)).toEqual([
          `db-a.example:cli:bob:${20 * MINUTE}`,
          `db-b.example:cli:alice:${10 * MINUTE}`,
        ]);
        expect(await store.endDowntime({ host: 'DB-A.example', port: 3306 })).toBe(true);
        expect(await store.endDowntime(A)).toBe(false);
        expect((await store.listDowntime(T0)).map((d) => d.instance)).toEqual([B, C]);
        expect(await failure(store.beginDowntime(downtime({ until: T0 })))).toBeInstanceOf(InputError);
      });
    });

    describe('fences', () => {
      it('records, replaces, lists by instance and clears', async () => {
        await store.recordFence(fence({ instance: { host: 'DB-B.example', port: 3306 }, recoveryId: 'r2' }));
        await store.recordFence(fence());
        await store.recordFence(fence({ state: 'diverged', updatedAt: T0 + 5, detail: 'extra GTIDs 0-1-7' }));
        expect(await store.listFenced()).toEqual([fence({ state: 'diverged', updatedAt: T0 + 5, detail: 'extra GTIDs 0-1-7' }), fence({ instance: B, recoveryId: 'r2' })]);
        expect(await store.clearFence({ host: 'Db-A.example', port: 3306 })).toBe(true);
        expect(await store.clearFence(A)).toBe(false);
        expect((await store.listFenced()).map((f) => f.instance)).toEqual([B]);
        expect(await failure(store.recordFence(fence({ state: 'gone' as FencedInstance['state'] })))).toBeInstanceOf(InputError);
      });

      it('reads the fence of one instance, whatever the case of its host, and undefined without one', async () => {
        await store.recordFence(fence({ instance: B, recoveryId: 'r2' }));
        expect(await store.getFence(A)).toBeUndefined();
        await store.recordFence(fence({ instance: { host: 'DB-A.example', port: 3306 }, state: 'pending' }));
        expect(await store.getFence({ host: 'Db-A.Example', port: 3306 })).toEqual(fence({ state: 'pending' }));
        await store.recordFence(fence({ state: 'diverged', updatedAt: T0 + 5, detail: 'extra GTIDs 0-1-7' }));
        expect(await store.getFence(A)).toEqual(fence({ state: 'diverged', updatedAt: T0 + 5, detail: 'extra GTIDs 0-1-7' }));
        expect(await store.getFence({ ...A, port: 3307 })).toBeUndefined();
        await store.clearFence(A);
        expect(await store.getFence(A)).toBeUndefined();
        expect(await store.getFence(B)).toEqual(fence({ instance: B, recoveryId: 'r2' }));
      });
    });

    describe('settings', () => {
      it('reads null until set, then the latest value', async () => {
        expect(await store.getSetting('recovery.enabled')).toBeNull();
        await store.setSetting('recovery.enabled', 'false', T0);
        await store.setSetting('Recovery.Enabled', 'other', T0);
        await store.setSetting('recovery.enabled', 'true', T0 + 1);
        expect(await store.getSetting('recovery.enabled')).toBe('true');
        expect(await store.getSetting('Recovery.Enabled')).toBe('other');
        await store.setSetting('big', 'x'.repeat(100_000), T0);
        expect(await store.getSetting('big')).toBe('x'.repeat(100_000));
        expect(await failure(store.setSetting('', 'x', T0))).toBeInstanceOf(InputError);
        expect(await failure(store.getSetting('n'.repeat(129)))).toBeInstanceOf(InputError);
      });
    });

    it('is shared by every handle and unusable after close', async () => {
      const other = await another();
      await store.setSetting('k', 'v', T0);
      expect(await other.getSetting('k')).toBe('v');
      await other.close();
      await store.close();
      expect(await failure(store.listRecoveries())).toBeInstanceOf(StoreError);
      expect(await failure(store.acquireLock(lock('x', T0 + 1), T0))).toBeInstanceOf(StoreError);
    });
  });
}

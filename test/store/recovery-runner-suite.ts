import { describe, expect, it } from 'vitest';
import { useStoreSession } from '../support/store-session.js';
import type { OrcError } from '../../core/errors.js';
import { NO_PROGRESS, type RecoveryProgress, type RecoveryRecord } from '../../core/ports/recovery-store.js';
import type { OrcStore } from '../../core/store/open-store.js';
import { makeRecovery } from '../support/recovery-builder.js';
import type { RecoveryStoreHarness } from './recovery-store-suite.js';

const T0 = 1_700_000_000_123;
const A = { host: 'db-a.example', port: 3306 };
const B = { host: 'db-b.example', port: 3306 };

function running(id: string, runner: string, overrides: Partial<RecoveryRecord> = {}): RecoveryRecord {
  return makeRecovery({ id, cluster: 'db-a.example:3306', failed: A, startedAt: T0, runner, renewedAt: T0, progress: NO_PROGRESS, ...overrides });
}

function step(recoveryId: string, index: number, name = `step ${index}`) {
  return { recoveryId, index, name, status: 'ok' as const, startedAt: T0 + index, endedAt: T0 + index, message: '' };
}

async function failure(work: Promise<unknown>): Promise<OrcError> {
  return work.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: OrcError) => err,
  );
}

const PROGRESS: RecoveryProgress = {
  ...NO_PROGRESS,
  phase: 'promoting',
  stopped: [B],
  candidate: B,
  candidateSource: A,
  followers: [{ host: 'db-c.example', port: 3307 }],
  dataLossFrom: [{ host: 'fe80::1', port: 3306 }],
  hooksRun: ['preFailover'],
};

/**
 * Registers the contract of recoveries run by one orc at a time: the runner, its heartbeat, persisted progress,
 * guarded writes (by runner and by the leader's fencing token) and the takeover of a recovery whose runner stopped.
 */
export function recoveryRunnerSuite(name: string, harness: () => Promise<RecoveryStoreHarness>): void {
  describe(`recovery runners on ${name}`, () => {
    let store: OrcStore;
    const session = useStoreSession(harness, (s) => {
      store = s.store;
    });

    it('round-trips runner, heartbeat, progress and data loss, and ends with the runner cleared', async () => {
      await store.registerRecovery(running('r1', 'orc-1'));
      await store.updateRecovery('r1', { progress: PROGRESS, successor: B, lost: [A], dataLoss: true }, { runner: 'orc-1' });
      expect((await store.getRecovery('r1'))!.record).toMatchObject({ runner: 'orc-1', renewedAt: T0, progress: PROGRESS, successor: B, lost: [A], dataLoss: true });
      await store.finishRecovery('r1', { status: 'partial', endedAt: T0 + 5, successor: B, lost: [A], summary: 'half', dataLoss: true }, { runner: 'orc-1' });
      expect((await store.getRecovery('r1'))!.record).toMatchObject({ status: 'partial', runner: null, dataLoss: true, progress: PROGRESS });
    });

    it('refuses every guarded write of another runner with orc_deposed and records nothing', async () => {
      await store.registerRecovery(running('r1', 'orc-1'));
      await store.recordStep(step('r1', 1), { runner: 'orc-1' });
      const guard = { runner: 'orc-2' };
      expect(await failure(store.recordStep(step('r1', 2), guard))).toMatchObject({ code: 'orc_deposed' });
      expect(await failure(store.updateRecovery('r1', { progress: PROGRESS }, guard))).toMatchObject({ code: 'orc_deposed' });
      expect(await failure(store.finishRecovery('r1', { status: 'failed', endedAt: T0 + 1, successor: null, lost: [], summary: 'x' }, guard))).toMatchObject({
        code: 'orc_deposed',
      });
      const stored = (await store.getRecovery('r1'))!;
      expect(stored.steps.map((s) => s.index)).toEqual([1]);
      expect(stored.record).toMatchObject({ status: 'running', runner: 'orc-1', progress: NO_PROGRESS });
    });

    it('renews only the runner of a running recovery', async () => {
      await store.registerRecovery(running('r1', 'orc-1'));
      expect(await store.renewRecovery('r1', 'orc-1', T0 + 1000)).toBe(true);
      expect(await store.renewRecovery('r1', 'orc-2', T0 + 2000)).toBe(false);
      expect((await store.getRecovery('r1'))!.record.renewedAt).toBe(T0 + 1000);
      await store.finishRecovery('r1', { status: 'succeeded', endedAt: T0 + 3000, successor: B, lost: [], summary: 'ok' });
      expect(await store.renewRecovery('r1', 'orc-1', T0 + 4000)).toBe(false);
    });

    it('lets a recovery be claimed only once its heartbeat is stale, after which the old runner is deposed', async () => {
      await store.registerRecovery(running('r1', 'orc-1', { renewedAt: T0 + 10_000 }));
      expect(await store.claimRecovery('r1', 'orc-2', T0 + 12_000, T0 + 10_000)).toBe(false);
      expect(await store.claimRecovery('r1', 'orc-2', T0 + 30_000, T0 + 20_000)).toBe(true);
      expect((await store.getRecovery('r1'))!.record).toMatchObject({ runner: 'orc-2', renewedAt: T0 + 30_000 });
      expect(await store.renewRecovery('r1', 'orc-1', T0 + 31_000)).toBe(false);
      expect(await failure(store.recordStep(step('r1', 1), { runner: 'orc-1' }))).toMatchObject({ code: 'orc_deposed' });
      await store.recordStep(step('r1', 1), { runner: 'orc-2' });
    });

    it('lets exactly one of two handles claim a stale recovery at the same moment', async () => {
      await store.registerRecovery(running('r1', 'orc-1'));
      const other = await session.another();
      const wins = await Promise.all([store.claimRecovery('r1', 'orc-2', T0 + 60_000, T0 + 50_000), other.claimRecovery('r1', 'orc-3', T0 + 60_000, T0 + 50_000)]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect((await store.getRecovery('r1'))!.record.runner).toBe(wins[0] ? 'orc-2' : 'orc-3');
    });

    it('never claims an ended recovery', async () => {
      await store.registerRecovery(running('r1', 'orc-1'));
      await store.finishRecovery('r1', { status: 'failed', endedAt: T0 + 1, successor: null, lost: [], summary: 'x' });
      expect(await store.claimRecovery('r1', 'orc-2', T0 + 60_000, T0 + 50_000)).toBe(false);
    });

    it('renews the live locks of one owner only', async () => {
      await store.acquireLock({ instance: A, owner: 'recovery:r1', reason: 'failover', acquiredAt: T0, expiresAt: T0 + 600_000 }, T0);
      await store.acquireLock({ instance: B, owner: 'cli:alice', reason: 'relocate', acquiredAt: T0, expiresAt: T0 + 600_000 }, T0);
      expect(await store.renewLocks('recovery:r1', T0 + 900_000, T0 + 1000)).toBe(1);
      const locks = await store.listLocks(T0 + 700_000);
      expect(locks.map((l) => [l.owner, l.expiresAt])).toEqual([['recovery:r1', T0 + 900_000]]);
      expect(await store.renewLocks('recovery:r1', T0 + 2_000_000, T0 + 1_000_000)).toBe(0);
    });

    it("refuses a guarded write once the leader's fencing token no longer holds", async () => {
      const lease = `fencing-${name.replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
      const first = await store.tryAcquireLease(lease, 'orc-1', 60_000);
      const token = { name: lease, holder: first.holder, epoch: first.epoch };
      await store.registerRecovery(running('r1', 'orc-1'));
      await store.recordStep(step('r1', 1), { runner: 'orc-1', lease: token });
      expect(await store.releaseLease(lease, 'orc-1')).toBe(true);
      const second = await store.tryAcquireLease(lease, 'orc-2', 60_000);
      expect(second.holder).toBe('orc-2');
      const guard = { runner: 'orc-1', lease: token };
      expect(await failure(store.recordStep(step('r1', 2), guard))).toMatchObject({ code: 'orc_deposed' });
      expect(await failure(store.updateRecovery('r1', { progress: PROGRESS }, guard))).toMatchObject({ code: 'orc_deposed' });
      expect(await failure(store.finishRecovery('r1', { status: 'failed', endedAt: T0 + 1, successor: null, lost: [], summary: 'x' }, guard))).toMatchObject({
        code: 'orc_deposed',
      });
      const stored = (await store.getRecovery('r1'))!;
      expect(stored.steps.map((s) => s.index)).toEqual([1]);
      expect(stored.record).toMatchObject({ status: 'running', progress: NO_PROGRESS });
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../core/analysis/finding.js';
import { StoreError } from '../../../core/errors.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { NO_PROGRESS, type RecoveryProgress } from '../../../core/ports/recovery-store.js';
import { readGateState } from '../../../core/recovery/gate-state.js';
import { recoveryGate } from '../../../core/recovery/recovery-gate.js';
import { RecoveryRun } from '../../../core/recovery/recovery-run.js';
import { step } from '../../../core/recovery/plan-step.js';
import { resumeRecovery } from '../../../core/recovery/resume-recovery.js';
import { makeChannel } from '../../support/facts-builder.js';
import { makeRecovery } from '../../support/recovery-builder.js';
import { commandFixture, P, R1, R2, T0 } from '../commands/command-fixture.js';

const key = parseInstanceKey;
const stoppedIo = (source: string) => ({ replication: [makeChannel(source, { ioState: 'no', lagSeconds: null })] });
const lost = (source: string) => ({ replication: [makeChannel(source, { ioState: 'connecting', lagSeconds: null, lastIoErrno: 2003, lastIoError: "Can't connect" })] });
const hooks = { hooks: { preFailover: ['/bin/true pre'], postFailover: ['/bin/true post {successorHost}:{successorPort}'] } };

async function leftRunning(f: Awaited<ReturnType<typeof commandFixture>>, progress: Partial<RecoveryProgress>, kind: 'dead-primary' | 'graceful-takeover' = 'dead-primary') {
  const record = makeRecovery({
    id: 'left',
    cluster: P,
    clusterAlias: 'shop',
    kind,
    failed: key(P),
    startedAt: T0,
    runner: 'killed-orc:123:abc',
    renewedAt: T0,
    progress: { ...NO_PROGRESS, ...progress },
  });
  await f.store.registerRecovery(record);
  await f.store.recordStep({ recoveryId: 'left', index: 1, name: 'stop replication', status: 'ok', startedAt: T0, endedAt: T0, message: '' });
  expect(await f.store.claimRecovery('left', 'orc-next:1:def', T0 + 20_000, T0 + 1)).toBe(true);
  return record;
}

const deadPrimary: Finding = {
  code: 'DeadPrimary',
  kind: 'actionable',
  actionable: true,
  cluster: P,
  clusterAlias: 'shop',
  instance: key(P),
  description: '',
  replicas: { total: 2, reachable: 2, replicating: 0, failingToConnect: 2 },
  details: {},
};

describe('resuming a failover another orc left running', () => {
  it('before the promotion: undoes the preparation, ends it abandoned, and the failure may be recovered again at once', async () => {
    const f = await commandFixture({ facts: { [R1]: stoppedIo(P), [R2]: stoppedIo(P) }, config: hooks });
    f.probe.setDown(P);
    const record = await leftRunning(f, { phase: 'preparing', stopped: [key(R1), key(R2)], hooksRun: [] });
    const ended = await resumeRecovery(f.ctx, record, 'orc-next:1:def');
    expect(ended.status).toBe('abandoned');
    expect(ended.summary).toMatch(/no writable primary until orc recovers it again, at once \(an abandoned recovery blocks nothing\)$/);
    expect(f.control.callsOf('startReplica').sort()).toEqual([`startReplica ${R1}`, `startReplica ${R2}`]);
    expect(f.control.callsOf('resetReplicaAll')).toEqual([]);
    const stored = (await f.store.getRecovery('left'))!;
    expect(stored.steps[0]!.index).toBe(1);
    expect(stored.steps.map((s) => s.index)).toEqual(stored.steps.map((_, i) => i + 1));
    expect(stored.steps[1]!.message).toMatch(/taken over by orc-next:1:def from killed-orc:123:abc/);
    const now = T0 + 30_000;
    const state = await readGateState(f.store, f.ctx.config, { clusterName: P, alias: 'shop', instances: [] }, key(P), now);
    expect(recoveryGate(deadPrimary, f.ctx.config.recovery, state, now)).toMatchObject({ allowed: true });
  });

  it('after the promotion: repoints the followers, confirms the fence and runs the post hooks once, never the pre hooks again', async () => {
    const f = await commandFixture({
      facts: { [R1]: { readOnly: false, replication: [] }, [R2]: lost(P) },
      config: hooks,
    });
    f.probe.setDown(P);
    const record = await leftRunning(f, {
      phase: 'promoted',
      stopped: [key(R1), key(R2)],
      candidate: key(R1),
      followers: [key(R2)],
      hooksRun: ['onFailureDetection', 'preFailover'],
    });
    await f.store.recordFence({ instance: key(P), cluster: P, recoveryId: 'left', fencedAt: T0, state: 'pending', updatedAt: T0, detail: '' });
    const ended = await resumeRecovery(f.ctx, record, 'orc-next:1:def');
    expect(ended).toMatchObject({ status: 'succeeded', successor: key(R1) });
    expect(f.control.callsOf('changeSource')).toEqual([`changeSource ${R2} ${R1} auto`]);
    expect((await f.store.listFenced()).map((x) => x.state)).toEqual(['fenced']);
    expect(f.hooks.requests.map((r) => r.argv.slice(1).join(' '))).toEqual([`post ${R1}`]);
  });

  it('mid-promotion with the old primary still dead: completes the promotion', async () => {
    const f = await commandFixture({ facts: { [R1]: stoppedIo(P), [R2]: stoppedIo(P) } });
    f.probe.setDown(P);
    const record = await leftRunning(f, { phase: 'promoting', stopped: [key(R1), key(R2)], candidate: key(R1), followers: [key(R2)] });
    const ended = await resumeRecovery(f.ctx, record, 'orc-next:1:def');
    expect(ended).toMatchObject({ status: 'succeeded', successor: key(R1) });
    expect(f.control.calls).toEqual(expect.arrayContaining([`resetReplicaAll ${R1}`, `setReadOnly ${R1} OFF`, `changeSource ${R2} ${R1} auto`]));
  });

  it('mid-promotion with the promote step attempted and the old primary writable again: makes the candidate read-only', async () => {
    // R1's read_only=OFF landed, yet it still shows its old source: not promoted, but a second writer.
    const f = await commandFixture({ facts: { [R1]: { ...stoppedIo(P), readOnly: false }, [R2]: stoppedIo(P) } });
    const record = await leftRunning(f, { phase: 'promoting', promoteAttempted: true, stopped: [key(R1), key(R2)], candidate: key(R1), candidateSource: key(P), followers: [key(R2)] });
    const ended = await resumeRecovery(f.ctx, record, 'orc-next:1:def');
    expect(ended.status).toBe('abandoned');
    expect(f.control.callsOf(`setReadOnly ${R1}`)).toEqual([`setReadOnly ${R1} ON`]);
    expect(f.control.callsOf('resetReplicaAll')).toEqual([]);
    expect([P, R1, R2].filter((k) => f.probe.get(k)!.readOnly === false)).toEqual([P]);
  });

  it('a store error before the promotion: undoes the preparation and ends failed with the error', async () => {
    const f = await commandFixture({ facts: { [R1]: stoppedIo(P), [R2]: stoppedIo(P) } });
    f.probe.setDown(P);
    const record = await leftRunning(f, { phase: 'preparing', stopped: [key(R1), key(R2)] });
    f.store.listInstances = async () => {
      throw new StoreError('store: listInstances failed: connection lost');
    };
    const ended = await resumeRecovery(f.ctx, record, 'orc-next:1:def');
    expect(ended.status).toBe('failed');
    expect(ended.summary).toMatch(/^stopped on an error before any promotion: orc_store_failed: store: listInstances failed: connection lost; preparation undone/);
    expect(f.control.callsOf('startReplica').sort()).toEqual([`startReplica ${R1}`, `startReplica ${R2}`]);
    expect((await f.store.getRecovery('left'))!.record.status).toBe('failed');
  });

  it('a store error after the promotion: ends partial with the error and undoes nothing', async () => {
    const f = await commandFixture({ facts: { [R1]: { readOnly: false, replication: [] }, [R2]: stoppedIo(P) } });
    f.probe.setDown(P);
    const record = await leftRunning(f, { phase: 'promoted', promoteAttempted: true, stopped: [key(R1), key(R2)], candidate: key(R1), candidateSource: key(P), followers: [key(R2)] });
    await f.store.recordFence({ instance: key(P), cluster: P, recoveryId: 'left', fencedAt: T0, state: 'pending', updatedAt: T0, detail: '' });
    f.store.listInstances = async () => {
      throw new StoreError('store: listInstances failed: connection lost');
    };
    const ended = await resumeRecovery(f.ctx, record, 'orc-next:1:def');
    expect(ended).toMatchObject({ status: 'partial', successor: key(R1) });
    expect(ended.summary).toMatch(new RegExp(`^promoted ${R1} in place of ${P}; but stopped on an error after the promotion: orc_store_failed: store: listInstances failed`));
    expect(f.control.calls).toEqual([]);
    expect((await f.store.listFenced()).map((x) => x.state)).toEqual(['pending']);
  });

  it('a rollback that throws itself ends the recovery failed once, naming both errors', async () => {
    const f = await commandFixture({ facts: { [R1]: stoppedIo(P), [R2]: stoppedIo(P) } });
    f.probe.setDown(P);
    const record = await leftRunning(f, { phase: 'preparing', stopped: [key(R1), key(R2)] });
    f.store.listInstances = async () => {
      throw new StoreError('store: listInstances failed: connection lost');
    };
    let fenceReads = 0;
    f.store.listFenced = () => {
      fenceReads++;
      throw new StoreError('store: listFenced failed: connection lost');
    };
    const ended = await resumeRecovery(f.ctx, record, 'orc-next:1:def');
    expect(ended.status).toBe('failed');
    expect(ended.summary).toMatch(/listInstances failed: connection lost; ROLLBACK FAILED \(orc_store_failed: store: listFenced failed: connection lost\): check 127\.0\.0\.1:3307, 127\.0\.0\.1:3308 by hand$/);
    expect(fenceReads).toBe(1);
    expect((await f.store.getRecovery('left'))!.record.status).toBe('failed');
  });

  it('a takeover inside its no-writer window: the old primary writes again', async () => {
    const f = await commandFixture({ facts: { [P]: { readOnly: true } } });
    const record = await leftRunning(
      f,
      { phase: 'window', stopped: [], madeReadOnly: [key(P)], candidate: key(R1), candidateSource: key(P), followers: [key(R2)] },
      'graceful-takeover',
    );
    const ended = await resumeRecovery(f.ctx, record, 'orc-next:1:def');
    expect(ended.status).toMatch(/^(failed|abandoned)$/);
    expect(f.control.callsOf(`setReadOnly ${P}`)).toEqual([`setReadOnly ${P} OFF`]);
    expect(f.control.callsOf('resetReplicaAll')).toEqual([]);
  });
});

describe('a deposed runner', () => {
  it('has its next step refused and audited, and touches no server', async () => {
    const f = await commandFixture();
    const record = makeRecovery({ id: 'mine', cluster: P, failed: key(P), startedAt: T0, runner: 'orc-a:1:x', renewedAt: T0, progress: NO_PROGRESS });
    await f.store.registerRecovery(record);
    const run = new RecoveryRun(f.ctx, record, {} as never, { runner: 'orc-a:1:x', firstIndex: 1, progress: NO_PROGRESS, lockOwner: 'recovery:mine' });
    expect(await f.store.claimRecovery('mine', 'orc-b:2:y', T0 + 60_000, T0 + 1)).toBe(true);
    const result = await run.execute([step({ kind: 'stop-replica-io', targets: [key(R1)] })], new AbortController().signal);
    expect(result).toMatchObject({ ok: false, deposed: true });
    expect(f.control.calls).toEqual([]);
    expect((await f.store.listAudit()).map((a) => [a.action, a.outcome])).toEqual([['step-refused', 'refused']]);
  });

  it('stops before a step once leadership is lost', async () => {
    const f = await commandFixture();
    const record = makeRecovery({ id: 'mine', cluster: P, failed: key(P), startedAt: T0, runner: 'orc-a:1:x', renewedAt: T0, progress: NO_PROGRESS });
    await f.store.registerRecovery(record);
    let leader = true;
    const deps = { ...f.ctx, leadership: { mayAct: () => leader, token: () => null } };
    const run = new RecoveryRun(deps, record, {} as never, { runner: 'orc-a:1:x', firstIndex: 1, progress: NO_PROGRESS, lockOwner: 'recovery:mine' });
    leader = false;
    const result = await run.execute([step({ kind: 'stop-replica-io', targets: [key(R1)] })], new AbortController().signal);
    expect(result).toMatchObject({ deposed: true });
    expect(f.control.calls).toEqual([]);
  });
});

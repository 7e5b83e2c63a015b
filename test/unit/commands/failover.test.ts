import { describe, expect, it } from 'vitest';
import { forcedFailover } from '../../../core/commands/forced-failover.js';
import { recoverInstance } from '../../../core/commands/recover-instance.js';
import { StoreError } from '../../../core/errors.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { makeChannel, makeFacts } from '../../support/facts-builder.js';
import { CLUSTER, commandFixture, P, R1, R2, R3, rejection, T0 } from './command-fixture.js';

const connecting = (source: string) => ({ replication: [makeChannel(source, { ioState: 'connecting', lagSeconds: null, lastIoErrno: 2003, lastIoError: "Can't connect" })] });

describe('forced failover', () => {
  it('makes a live primary read-only first, then fails over and fences it', async () => {
    const f = await commandFixture();
    const result = await forcedFailover(f.ctx, CLUSTER);
    expect(result.oldPrimary).toBe('set-read-only');
    expect(result.recovery).toMatchObject({ kind: 'forced-failover', trigger: 'failover', status: 'succeeded' });
    expect(f.control.calls.slice(0, 4)).toEqual([`setReadOnly ${P} ON`, `executedGtid ${P}`, `waitForGtid ${R1} 0-1-100`, `waitForGtid ${R2} 0-1-100`]);
    expect(result.undrained).toEqual([]);
    expect(result.steps.map((s) => s.name)).toContain(`fence ${P} (read_only, never primary again)`);
    expect((await f.store.listFenced()).map((x) => x.instance)).toEqual([parseInstanceKey(P)]);
  });

  it('goes on when a replica does not drain in time, and says which', async () => {
    const f = await commandFixture();
    f.control.failWaitOn(R2);
    const result = await forcedFailover(f.ctx, CLUSTER);
    expect(result.undrained).toEqual([parseInstanceKey(R2)]);
    expect(result.recovery.status).toBe('succeeded');
  });

  it('fails over a dead primary without touching it first', async () => {
    const f = await commandFixture({ facts: { [R1]: connecting(P), [R2]: connecting(P) } });
    f.probe.setDown(P);
    const result = await forcedFailover(f.ctx, CLUSTER);
    expect(result.oldPrimary).toBe('unreachable');
    expect(result.undrained).toEqual([]);
    expect(f.control.callsOf('waitForGtid')).toEqual([]);
    expect(f.control.callsOf(`setReadOnly ${P}`)).toEqual([`setReadOnly ${P} ON`]);
    expect(f.control.calls.indexOf(`setReadOnly ${P} ON`)).toBeGreaterThan(f.control.calls.findIndex((c) => c.startsWith('resetReplicaAll')));
  });

  it('gives the primary its writes back when the failover fails before any promotion', async () => {
    const f = await commandFixture({ facts: { [R1]: { logBin: false }, [R2]: { logBin: false } } });
    const result = await forcedFailover(f.ctx, CLUSTER);
    expect(result.recovery.status).toBe('failed');
    expect(result.oldPrimary).toBe('writable-again');
    expect(f.control.callsOf(`setReadOnly ${P}`)).toEqual([`setReadOnly ${P} ON`, `setReadOnly ${P} OFF`]);
  });

  it('refuses to promote when read_only on the live primary timed out and the re-read shows it writable, and says why', async () => {
    const f = await commandFixture();
    f.control.giveUpOn(`setReadOnly ${P} ON`);
    const result = await forcedFailover(f.ctx, CLUSTER);
    expect(result.recovery.status).toBe('failed');
    expect(result.oldPrimary).toBe('read-only-failed');
    expect(f.control.callsOf('resetReplicaAll')).toEqual([]);
    expect(result.recovery.summary).toMatch(new RegExp(`^aborted before any promotion: set read_only=ON on ${P}: orc_timeout: .*outcome unknown.*; re-read: read_only=OFF`));
    expect(f.probe.get(P)!.readOnly).toBe(false);
  });

  it('goes on when read_only on the live primary timed out but the re-read shows it landed', async () => {
    const f = await commandFixture();
    f.control.giveUpOn(`setReadOnly ${P} ON`, { landed: true });
    const result = await forcedFailover(f.ctx, CLUSTER);
    expect(result).toMatchObject({ oldPrimary: 'set-read-only', recovery: { status: 'succeeded' } });
    expect([P, R1, R2].filter((k) => f.probe.get(k)!.readOnly === false)).toEqual([result.recovery.successor && `${result.recovery.successor.host}:${result.recovery.successor.port}`]);
  });

  it('after a late read_only=ON lands, the rollback sets the primary writable again and checks it', async () => {
    const f = await commandFixture({ facts: { [R1]: { logBin: false }, [R2]: { logBin: false } } });
    f.control.giveUpOn(`setReadOnly ${P} ON`, { landsAfter: `setReadOnly ${P} OFF` });
    const result = await forcedFailover(f.ctx, CLUSTER);
    expect(result.recovery.status).toBe('failed');
    expect(f.control.callsOf(`setReadOnly ${P}`)).toEqual([`setReadOnly ${P} ON`, `setReadOnly ${P} OFF`, `setReadOnly ${P} OFF`]);
    expect(f.probe.get(P)!.readOnly).toBe(false);
  });

  it('never makes the old primary writable while the store still holds its fence', async () => {
    const f = await commandFixture();
    // The promotion fails after the pending fence is recorded, and the store cannot remove that fence.
    f.control.failOn('resetReplicaAll');
    f.store.clearFence = async () => {
      throw new StoreError('store: clearFence failed: connection lost');
    };
    const result = await forcedFailover(f.ctx, CLUSTER);
    expect(result.recovery.status).toBe('failed');
    expect((await f.store.listFenced()).map((x) => [x.instance.port, x.state])).toEqual([[3306, 'pending']]);
    expect(f.control.callsOf(`setReadOnly ${P}`)).toEqual([`setReadOnly ${P} ON`]);
    expect(result.steps.find((s) => s.name === `set read_only=OFF on ${P}`)).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(new RegExp(`^orc_refused: ${P} is fenced \\(pending by recovery .*\\): orc does not make it writable$`)),
    });
    expect(result.recovery.summary).toMatch(/the cluster has no writable primary/);
  });

  it('never makes the old primary writable when another recovery fenced it during the rollback', async () => {
    const f = await commandFixture({ facts: { [R1]: { logBin: false }, [R2]: { logBin: false } } });
    f.control.listen((line) => {
      if (line.startsWith('startReplica')) {
        void f.store.recordFence({ instance: parseInstanceKey(P), cluster: P, recoveryId: 'other', fencedAt: T0, state: 'fenced', updatedAt: T0, detail: 'demoted by recovery other' });
      }
    });
    const result = await forcedFailover(f.ctx, CLUSTER);
    expect(result.recovery.status).toBe('failed');
    expect(f.control.callsOf(`setReadOnly ${P}`)).toEqual([`setReadOnly ${P} ON`]);
    expect(result.oldPrimary).toBe('set-read-only');
  });

  it('gives the writes back to a former primary that rejoined and became primary again (its old fence holds nothing)', async () => {
    const f = await commandFixture({ facts: { [R1]: { logBin: false }, [R2]: { logBin: false } } });
    await f.store.recordFence({ instance: parseInstanceKey(P), cluster: P, recoveryId: 'earlier', fencedAt: T0, state: 'rejoined', updatedAt: T0, detail: 'replicates from x' });
    const result = await forcedFailover(f.ctx, CLUSTER);
    expect(result.recovery.status).toBe('failed');
    expect(result.oldPrimary).toBe('writable-again');
    expect(f.control.callsOf(`setReadOnly ${P}`)).toEqual([`setReadOnly ${P} ON`, `setReadOnly ${P} OFF`]);
    expect(f.probe.get(P)!.readOnly).toBe(false);
    expect(result.recovery.summary).not.toMatch(/no writable primary/);
  });

  it('makes a candidate whose promote landed read_only=OFF but failed read-only again before the old primary is writable', async () => {
    const f = await commandFixture({ config: { recovery: { promotionRules: { [R2]: 'must_not' } } } });
    // read_only=OFF lands on R1 but is reported as given up, and R1 cannot be re-read until the rollback reaches it.
    f.control.giveUpOn(`setReadOnly ${R1} OFF`, { landed: true });
    f.control.listen((line) => {
      if (line === `setReadOnly ${R1} OFF`) f.probe.setDown(R1);
      if (line === `setReadOnly ${R1} ON`) f.probe.setDown(R1, false);
    });
    const result = await forcedFailover({ ...f.ctx, clock: { ...f.ctx.clock, sleep: async (ms: number) => f.tick(ms) } }, CLUSTER);
    expect(result.recovery.status).toBe('failed');
    const demote = f.control.calls.indexOf(`setReadOnly ${R1} ON`);
    expect(demote).toBeGreaterThan(f.control.calls.indexOf(`setReadOnly ${R1} OFF`));
    expect(demote).toBeLessThan(f.control.calls.indexOf(`setReadOnly ${P} OFF`));
    expect(result.steps.find((s) => s.name === `set read_only=ON on ${R1}`)).toMatchObject({ status: 'ok', message: 'read_only=ON (re-read)' });
    expect([P, R1, R2].filter((k) => f.probe.get(k)!.readOnly === false)).toEqual([P]);
  });

  it('leaves the old primary read-only when the candidate whose promote was attempted cannot be confirmed read-only', async () => {
    const f = await commandFixture({ config: { recovery: { promotionRules: { [R2]: 'must_not' } } } });
    f.control.giveUpOn(`setReadOnly ${R1} OFF`, { landed: true });
    f.control.listen((line) => {
      if (line === `setReadOnly ${R1} OFF`) f.probe.setDown(R1);
    });
    // Waits advance the fake clock: repointing the unreachable R1 back gives up at its verification deadline.
    const result = await forcedFailover({ ...f.ctx, clock: { ...f.ctx.clock, sleep: async (ms: number) => f.tick(ms) } }, CLUSTER);
    expect(result.recovery.status).toBe('failed');
    expect(f.control.callsOf(`setReadOnly ${P}`)).toEqual([`setReadOnly ${P} ON`]);
    expect(result.steps.find((s) => s.name === `set read_only=ON on ${R1}`)).toMatchObject({ status: 'failed', message: expect.stringMatching(/cannot be re-read to confirm/) });
    expect(result.recovery.summary).toMatch(new RegExp(`${R1} could not be confirmed read-only \(.*\), so ${P} left read-only: no writer beats two writers`));
    expect(result.recovery.summary).toMatch(/the cluster has no writable primary/);
    expect(f.probe.get(P)!.readOnly).toBe(true);
  });

  it('refuses before touching the primary when an instance is locked', async () => {
    const f = await commandFixture();
    await f.store.acquireLock({ instance: parseInstanceKey(R1), owner: 'cli:bob', reason: 'x', acquiredAt: T0, expiresAt: T0 + 1000 }, T0);
    expect(await rejection(forcedFailover(f.ctx, CLUSTER))).toMatchObject({ code: 'orc_lock_held' });
    expect(f.control.calls).toEqual([]);
    expect((await f.store.listAudit())[0]).toMatchObject({ action: 'forced-failover', outcome: 'refused' });
  });
});

describe('recover', () => {
  it('fails a dead primary over as its analysis says', async () => {
    const f = await commandFixture({ facts: { [R1]: connecting(P), [R2]: connecting(P) } });
    f.probe.setDown(P);
    const result = await recoverInstance(f.ctx, P);
    expect(result.recovery).toMatchObject({ kind: 'dead-primary', trigger: 'DeadPrimary', status: 'succeeded', actor: 'cli:alice' });
  });

  it('moves the replicas of a dead intermediate primary up', async () => {
    const f = await commandFixture({ chain: true, facts: { [R3]: connecting(R1) } });
    f.probe.setDown(R1);
    const result = await recoverInstance(f.ctx, R1);
    expect(result.recovery).toMatchObject({ kind: 'dead-intermediate', trigger: 'DeadIntermediatePrimaryWithSingleReplicaFailingToConnect', status: 'succeeded' });
    expect(f.control.callsOf('changeSource')).toEqual([`changeSource ${R3} ${P} auto`]);
  });

  it('refuses when analysis has nothing actionable on the instance, saying what it saw', async () => {
    const f = await commandFixture();
    expect(await rejection(recoverInstance(f.ctx, P))).toMatchObject({ code: 'orc_refused', message: `nothing to recover on ${P}: analysis shows no finding` });
    f.probe.setDown(P);
    expect(await rejection(recoverInstance(f.ctx, P))).toMatchObject({ message: `nothing to recover on ${P}: analysis shows UnreachablePrimary` });
    expect(f.control.calls).toEqual([]);
    expect(await f.store.listRecoveries()).toEqual([]);
  });

  it('refuses an unknown instance', async () => {
    const f = await commandFixture();
    f.probe.set(makeFacts('127.0.0.1:4000'));
    expect(await rejection(recoverInstance(f.ctx, '127.0.0.1:4000'))).toMatchObject({ code: 'orc_unknown_instance' });
  });
});

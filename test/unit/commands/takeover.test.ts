import { describe, expect, it } from 'vitest';
import { makeRecovery } from '../../support/recovery-builder.js';
import { takeover } from '../../../core/commands/takeover.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { CLUSTER, commandFixture, P, R1, R2, rejection, T0 } from './command-fixture.js';

describe('takeover', () => {
  it('hands the primary role to the designated replica: window, then siblings and the old primary under it', async () => {
    const f = await commandFixture();
    const result = await takeover(f.ctx, CLUSTER, { to: R1 });
    expect(result.recovery).toMatchObject({ kind: 'graceful-takeover', status: 'succeeded', successor: parseInstanceKey(R1), actor: 'cli:alice' });
    expect(result.recovery.id).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(result.rolledBack).toBe(false);
    expect(result.windowMs).toBe(0);
    // Nothing is touched before the catch-up; the window is exactly read_only, wait, promote.
    const mutations = f.control.calls.filter((c) => !c.startsWith('executedGtid') && !c.startsWith('waitForGtid'));
    expect(mutations).toEqual([
      `setReadOnly ${P} ON`,
      `resetReplicaAll ${R1}`,
      `setReadOnly ${R1} OFF`,
      `stopReplica ${R2}`,
      `changeSource ${R2} ${R1} slave_pos`,
      `startReplica ${R2}`,
      `stopReplica ${P}`,
      `alignReplicaPosition ${P}`,
      `changeSource ${P} ${R1} slave_pos`,
      `startReplica ${P}`,
    ]);
    const readOnlyAt = f.control.calls.indexOf(`setReadOnly ${P} ON`);
    expect(f.control.calls.slice(readOnlyAt, readOnlyAt + 3)).toEqual([`setReadOnly ${P} ON`, `executedGtid ${P}`, `waitForGtid ${R1} 0-1-100`]);
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([
      ['designate', 'ok'],
      [`wait until ${R1} executed everything of ${P}`, 'ok'],
      [`set read_only=ON on ${P}`, 'ok'],
      [`wait until ${R1} executed everything of ${P}`, 'ok'],
      [`promote ${R1} (reset replication, read_only=OFF)`, 'ok'],
      ['no-writer window', 'ok'],
      [`repoint ${R2} to ${R1} (slave_pos)`, 'ok'],
      [`make ${P} a replica of ${R1} (slave_pos)`, 'ok'],
    ]);
    // A planned handover does not hold back automated recovery of the new primary.
    expect(result.recovery.acknowledgedBy).toBe('cli:alice');
    const audit = await f.store.listAudit();
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([['graceful-takeover', 'ok']]);
    expect(await f.store.listLocks(T0)).toEqual([]);
  });

  it('measures the window from read_only to promotion', async () => {
    const f = await commandFixture();
    f.control.listen((line) => {
      if (line.startsWith('setReadOnly') || line.startsWith('waitForGtid') || line.startsWith('resetReplicaAll')) f.tick(7);
    });
    const result = await takeover(f.ctx, CLUSTER, { to: R1 });
    // read_only (7) + wait (7) + reset (7) + read_only=OFF (7); the pre-window wait does not count.
    expect(result.windowMs).toBe(28);
  });

  it('rolls back when the designated replica does not get the last transactions: the old primary writes again', async () => {
    const f = await commandFixture();
    let calls = 0;
    f.control.listen((line) => {
      if (line.startsWith(`waitForGtid ${R1}`) && ++calls === 2) f.control.failWaitOn(R1);
    });
    const result = await takeover(f.ctx, CLUSTER, { to: R1 });
    expect(result.recovery.status).toBe('failed');
    expect(result.rolledBack).toBe(true);
    expect(result.windowMs).toBeNull();
    expect(result.recovery.summary).toMatch(new RegExp(`did not execute .* rolled back: ${P} is the writable primary again`));
    expect(f.control.calls.filter((c) => c.startsWith('setReadOnly') || c.startsWith('reset'))).toEqual([`setReadOnly ${P} ON`, `setReadOnly ${P} OFF`]);
    expect(result.steps.map((s) => [s.name, s.status]).slice(-2)).toEqual([
      [`wait until ${R1} executed everything of ${P}`, 'failed'],
      [`set read_only=OFF on ${P}`, 'ok'],
    ]);
    expect(result.recovery.acknowledgedAt).toBeNull();
  });

  it('after a failed promotion makes the designated replica read-only before the old primary writable, and puts it back', async () => {
    const f = await commandFixture();
    f.control.failOn('resetReplicaAll', R1);
    const result = await takeover(f.ctx, CLUSTER, { to: R1 });
    expect(result.rolledBack).toBe(true);
    const tail = f.control.calls.slice(f.control.calls.indexOf(`resetReplicaAll ${R1}`));
    expect(tail).toEqual([
      `resetReplicaAll ${R1}`,
      `setReadOnly ${R1} ON`,
      `setReadOnly ${P} OFF`,
      `stopReplica ${R1}`,
      `changeSource ${R1} ${P} slave_pos`,
      `startReplica ${R1}`,
    ]);
  });

  it('keeps the old primary read-only when the designated replica cannot be made read-only again', async () => {
    const f = await commandFixture();
    f.control.failOn('resetReplicaAll', R1);
    f.control.listen((line) => {
      if (line === `resetReplicaAll ${R1}`) f.control.failOn('setReadOnly', R1);
    });
    const result = await takeover(f.ctx, CLUSTER, { to: R1 });
    expect(result.rolledBack).toBe(false);
    expect(result.recovery.summary).toMatch(/ROLLBACK FAILED/);
    expect(f.control.calls).not.toContain(`setReadOnly ${P} OFF`);
  });

  describe('a read_only change orc gave up on (timeout, outcome unknown)', () => {
    const writers = (f: Awaited<ReturnType<typeof commandFixture>>) => [P, R1, R2].filter((k) => f.probe.get(k)!.readOnly === false);

    it('in the window that lands after the rollback: the rollback re-reads, sets it again and ends with one writer', async () => {
      const f = await commandFixture();
      f.control.giveUpOn(`setReadOnly ${P} ON`, { landsAfter: `setReadOnly ${P} OFF` });
      const result = await takeover(f.ctx, CLUSTER, { to: R1 });
      expect(result.recovery.status).toBe('failed');
      expect(result.rolledBack).toBe(true);
      expect(f.control.callsOf('resetReplicaAll')).toEqual([]);
      expect(f.control.callsOf('setReadOnly')).toEqual([`setReadOnly ${P} ON`, `setReadOnly ${P} OFF`, `setReadOnly ${P} OFF`]);
      expect(writers(f)).toEqual([P]);
      const window = result.steps.find((s) => s.name === `set read_only=ON on ${P}`)!;
      expect(window).toMatchObject({ status: 'failed' });
      expect(window.message).toMatch(/^orc_timeout: .*outcome unknown.*; re-read: read_only=OFF$/);
      expect(result.steps.at(-1)).toMatchObject({ name: `set read_only=OFF on ${P}`, status: 'ok', message: 'read_only=OFF (re-read)' });
    });

    it('in the window that landed before the kill: the re-read shows it and the takeover goes on', async () => {
      const f = await commandFixture();
      f.control.giveUpOn(`setReadOnly ${P} ON`, { landed: true });
      const result = await takeover(f.ctx, CLUSTER, { to: R1 });
      expect(result.recovery.status).toBe('succeeded');
      expect(result.steps.find((s) => s.name === `set read_only=ON on ${P}`)).toMatchObject({ status: 'ok', message: 'read_only=ON (re-read after orc_timeout: the change landed)' });
      expect(writers(f)).toEqual([R1]);
    });

    it('of the promotion that lands after the rollback made the replica read-only: never two writers', async () => {
      const f = await commandFixture();
      f.control.giveUpOn(`setReadOnly ${R1} OFF`, { landsAfter: `setReadOnly ${R1} ON` });
      const result = await takeover(f.ctx, CLUSTER, { to: R1 });
      expect(result.rolledBack).toBe(true);
      expect(f.control.callsOf('setReadOnly')).toEqual([`setReadOnly ${P} ON`, `setReadOnly ${R1} OFF`, `setReadOnly ${R1} ON`, `setReadOnly ${R1} ON`, `setReadOnly ${P} OFF`]);
      expect(writers(f)).toEqual([P]);
    });

    it('that cannot be re-read keeps the old primary read-only rather than risk two writers', async () => {
      const f = await commandFixture();
      f.control.giveUpOn(`setReadOnly ${R1} OFF`, { landsAfter: `setReadOnly ${R1} ON` });
      f.control.listen((line) => {
        if (line === `setReadOnly ${R1} ON`) f.probe.setDown(R1);
      });
      const result = await takeover(f.ctx, CLUSTER, { to: R1 });
      expect(result.rolledBack).toBe(false);
      expect(result.recovery.summary).toMatch(/ROLLBACK FAILED/);
      expect(f.control.calls).not.toContain(`setReadOnly ${P} OFF`);
    });
  });

  it('aborts before any change when the pre-takeover hook fails', async () => {
    const f = await commandFixture({ config: { hooks: { preGracefulTakeover: ['/bin/false'] } } });
    f.hooks.exitCode = 1;
    const result = await takeover(f.ctx, CLUSTER);
    expect(result.recovery.status).toBe('failed');
    expect(result.recovery.summary).toMatch(/^aborted before any change/);
    expect(f.control.calls).toEqual([]);
  });

  it('chooses the best replica when none is designated and runs the post hook with the successor', async () => {
    const f = await commandFixture({ config: { hooks: { postGracefulTakeover: ['/bin/notify {successorHost}:{successorPort}'] } } });
    const result = await takeover(f.ctx, P);
    expect(result.recovery.successor).toEqual(parseInstanceKey(R1));
    expect(f.hooks.requests.map((r) => r.argv)).toEqual([['/bin/notify', R1]]);
  });

  describe('refuses without changing anything', () => {
    it.each([
      ['the primary is unreachable', (f: Awaited<ReturnType<typeof commandFixture>>) => f.probe.setDown(P), {}, 'orc_refused', /primary 127\.0\.0\.1:3306 is not reachable/],
      ['the primary is read-only', () => undefined, { facts: { [P]: { readOnly: true } } }, 'orc_refused', /is read_only: there is no writer/],
      ['the designated server is not a replica', () => undefined, { facts: { [R1]: { replication: [] } } }, 'orc_refused', /127\.0\.0\.1:3307 is not a direct replica/],
    ] as const)('when %s', async (_name, arrange, options, code, message) => {
      const f = await commandFixture(options);
      arrange(f);
      const err = await rejection(takeover(f.ctx, CLUSTER, { to: R1 }));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(f.control.calls).toEqual([]);
      expect(await f.store.listRecoveries()).toEqual([]);
      expect((await f.store.listAudit()).map((a) => a.outcome)).toEqual(['refused']);
    });

    it('when a replica lags above the limit', async () => {
      const f = await commandFixture({ config: { recovery: { maxLagForTakeoverSeconds: 5 } } });
      f.probe.set({ ...(await f.probe.probe(parseInstanceKey(R1))), replication: [{ ...(await f.probe.probe(parseInstanceKey(R1))).replication[0]!, lagSeconds: 9 }] });
      const err = await rejection(takeover(f.ctx, CLUSTER, { to: R1 }));
      expect(err).toMatchObject({ code: 'orc_refused', message: `${R1} lags 9s, above recovery.maxLagForTakeoverSeconds 5` });
      expect(f.control.calls).toEqual([]);
    });

    it('when another change holds a lock, naming the holder', async () => {
      const f = await commandFixture();
      await f.store.acquireLock({ instance: parseInstanceKey(R2), owner: 'cli:bob relocate x', reason: 'move it', acquiredAt: T0, expiresAt: T0 + 60_000 }, T0);
      const err = await rejection(takeover(f.ctx, CLUSTER));
      expect(err.code).toBe('orc_lock_held');
      expect(err.message).toMatch(/locked by cli:bob relocate x/);
      expect(f.control.calls).toEqual([]);
    });

    it('when the cluster is being recovered', async () => {
      const f = await commandFixture();
      await f.store.registerRecovery(makeRecovery({ id: 'running1', cluster: P, clusterAlias: CLUSTER, failed: parseInstanceKey(P), actor: 'service', startedAt: T0 }));
      const err = await rejection(takeover(f.ctx, CLUSTER));
      expect(err).toMatchObject({ code: 'orc_lock_held', message: `cluster ${P} is already being recovered by recovery running1 (started by service)` });
      expect(f.control.calls).toEqual([]);
    });
  });
});

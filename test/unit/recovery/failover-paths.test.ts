import { describe, expect, it } from 'vitest';
import { recoverInstance } from '../../../core/commands/recover-instance.js';
import { StoreError } from '../../../core/errors.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { makeChannel } from '../../support/facts-builder.js';
import { commandFixture, P, R1, R2, R3, rejection } from '../commands/command-fixture.js';

const lost = (source: string, extra: Record<string, unknown> = {}) => ({
  replication: [makeChannel(source, { ioState: 'connecting', lagSeconds: null, lastIoErrno: 2003, lastIoError: "Can't connect", ...extra })],
});

const hooks = {
  hooks: {
    postFailover: ['/bin/true post {isSuccessful}'],
    postUnsuccessfulFailover: ['/bin/true unsuccessful {isHeadless}'],
  },
};

describe('a primary failover that fails half way', () => {
  it('restarts what it stopped, removes its pending fence and tells the hooks the cluster is headless', async () => {
    const f = await commandFixture({ facts: { [R1]: lost(P), [R2]: lost(P) }, config: hooks });
    f.probe.setDown(P);
    f.control.failOn('resetReplicaAll');
    const { recovery } = await recoverInstance(f.ctx, P);
    expect(recovery.status).toBe('failed');
    for (const replica of [R1, R2]) {
      const lastStop = Math.max(f.control.calls.lastIndexOf(`stopReplicaIo ${replica}`), f.control.calls.lastIndexOf(`stopReplica ${replica}`));
      expect(lastStop).toBeGreaterThanOrEqual(0);
      expect(f.control.calls.lastIndexOf(`startReplica ${replica}`)).toBeGreaterThan(lastStop);
    }
    expect(await f.store.listFenced()).toEqual([]);
    const unsuccessful = f.hooks.requests.filter((r) => r.argv[1] === 'unsuccessful');
    expect(unsuccessful.map((r) => r.argv[2])).toEqual(['true']);
    expect(unsuccessful[0]!.env.ORC_IS_HEADLESS).toBe('true');
    expect([unsuccessful[0]!.env.ORC_SUCCESSOR_HOST, unsuccessful[0]!.env.ORC_SUCCESSOR_PORT]).toEqual(['', '']);
    expect(f.hooks.requests.filter((r) => r.argv[1] === 'post')).toEqual([]);
  });

  it('keeps the fence once a successor is promoted, confirmed after the promotion', async () => {
    const f = await commandFixture({ facts: { [R1]: lost(P), [R2]: lost(P) } });
    f.probe.setDown(P);
    const { recovery, steps } = await recoverInstance(f.ctx, P);
    expect(recovery.status).toBe('succeeded');
    const names = steps.map((s) => s.name);
    const pending = names.findIndex((n) => n.includes('pending'));
    const promote = names.findIndex((n) => n.startsWith('promote '));
    expect(pending).toBeGreaterThanOrEqual(0);
    expect(pending).toBeLessThan(promote);
    expect((await f.store.listFenced()).map((x) => [x.instance, x.state])).toEqual([[parseInstanceKey(P), 'fenced']]);
  });

  it('does not wait for a replica whose SQL thread stopped with an error', async () => {
    const f = await commandFixture({
      facts: { [R1]: lost(P, { retrievedGtid: '0-1-120' }), [R2]: lost(P, { sqlRunning: false, lastSqlErrno: 1062, lastSqlError: 'Duplicate entry', retrievedGtid: '0-1-120' }) },
    });
    f.probe.setDown(P);
    const { steps } = await recoverInstance(f.ctx, P);
    expect(f.control.callsOf(`waitForGtid ${R2}`)).toEqual([]);
    expect(steps.find((s) => s.name.startsWith('wait for relay logs'))?.message ?? steps.map((s) => s.message).join('\n')).toMatch(
      new RegExp(`${R2} not waited for: SQL thread error 1062`),
    );
  });

  it('is partial when a replica cannot be repointed, and moves the replicas below it to the new primary', async () => {
    const f = await commandFixture({
      chain: true,
      facts: { [R1]: lost(P), [R2]: lost(P) },
      config: { recovery: { promotionRules: { [R1]: 'must_not' } } },
    });
    f.probe.setDown(P);
    f.control.failOn('changeSource', R1);
    const { recovery } = await recoverInstance(f.ctx, P);
    expect(recovery).toMatchObject({ status: 'partial', successor: parseInstanceKey(R2) });
    expect(recovery.summary).toMatch(new RegExp(R1.replaceAll('.', '\\.')));
    expect(f.control.callsOf(`changeSource ${R3}`)).toEqual([`changeSource ${R3} ${R2} auto`]);
  });

  it('fails a repoint that does not replicate afterwards (SQL error), instead of calling it done', async () => {
    const f = await commandFixture({ facts: { [R1]: lost(P), [R2]: lost(P) }, config: { recovery: { promotionRules: { [R2]: 'must_not' } } } });
    f.probe.setDown(P);
    f.control.listen((line) => {
      // The first event applied after the repoint stops the SQL thread (as an errant replica's would under gtid_strict_mode).
      if (line === `startReplica ${R2}` && f.control.callsOf(`changeSource ${R2} ${R1}`).length > 0) {
        setTimeout(() => f.probe.update(R2, (facts) => ({ ...facts, replication: facts.replication.map((c) => ({ ...c, sqlRunning: false, lastSqlErrno: 1950, lastSqlError: 'out of order' })) })), 50);
      }
    });
    const { recovery, steps } = await recoverInstance(f.ctx, P);
    expect(recovery.status).toBe('partial');
    const repoint = steps.find((s) => s.name.startsWith('repoint'))!;
    expect(repoint).toMatchObject({ status: 'failed' });
    expect(repoint.message).toMatch(/1950/);
  });

  it('undoes the preparation when the failover throws before any promotion (IO threads are not left stopped)', async () => {
    const unapplied = { retrievedGtid: '0-1-120', relayLogApplied: false };
    const f = await commandFixture({ facts: { [R1]: lost(P, unapplied), [R2]: lost(P, unapplied) } });
    f.probe.setDown(P);
    f.control.failWaitOn(R2);
    // A logger writing to a closed pipe throws (EPIPE) while the relay-log step reports its failure.
    let broken = true;
    const logger = { ...f.ctx.logger, warn: () => {
      if (!broken) return;
      broken = false;
      throw new Error('write EPIPE');
    } };
    const { recovery } = await recoverInstance({ ...f.ctx, logger }, P);
    expect(broken).toBe(false);
    expect(recovery.status).toBe('failed');
    expect(recovery.summary).toMatch(/^stopped on an error before any promotion: .*write EPIPE; preparation undone/);
    for (const replica of [R1, R2]) {
      expect(f.control.calls.lastIndexOf(`startReplica ${replica}`)).toBeGreaterThan(f.control.calls.indexOf(`stopReplicaIo ${replica}`));
    }
    expect(f.control.callsOf('resetReplicaAll')).toEqual([]);
    expect((await f.store.getRecovery(recovery.id))!.record.status).toBe('failed');
  });

  it('is partial, naming it, when the store does not take the confirmed fence of the old primary', async () => {
    const f = await commandFixture({ facts: { [R1]: lost(P), [R2]: lost(P) } });
    f.probe.setDown(P);
    const recordFence = f.store.recordFence.bind(f.store);
    f.store.recordFence = async (fence) => {
      if (fence.state === 'fenced') throw new StoreError('store: recordFence failed: connection lost');
      return recordFence(fence);
    };
    const { recovery, steps } = await recoverInstance(f.ctx, P);
    expect(recovery.status).toBe('partial');
    expect(recovery.successor).not.toBeNull();
    expect(steps.find((s) => s.name === `confirm ${P} as fenced (never primary again)`)).toMatchObject({ status: 'failed' });
    expect(recovery.summary).toMatch(
      new RegExp(`; FENCE NOT RECORDED \\(confirm ${P} as fenced \\(never primary again\\): orc_store_failed: store: recordFence failed: connection lost\\): orc may not keep ${P} read-only`),
    );
  });

  it('stays succeeded when only a post-failover hook fails (recorded as a failed step)', async () => {
    const f = await commandFixture({ facts: { [R1]: lost(P), [R2]: lost(P) }, config: hooks });
    f.probe.setDown(P);
    f.hooks.exitCode = 1;
    const { recovery, steps } = await recoverInstance(f.ctx, P);
    expect(recovery.status).toBe('succeeded');
    expect(steps.find((s) => s.name.startsWith('hook:postFailover:1'))).toMatchObject({ status: 'failed' });
  });

  it('refuses without a replication section before touching anything', async () => {
    const f = await commandFixture({ facts: { [R1]: lost(P), [R2]: lost(P) } });
    f.probe.setDown(P);
    const { replication: _none, ...withoutReplication } = f.ctx.config;
    const error = await rejection(recoverInstance({ ...f.ctx, config: withoutReplication }, P));
    expect(error).toMatchObject({ code: 'orc_config_invalid' });
    expect(error.message).toMatch(/no "replication" section/);
    expect(f.control.calls).toEqual([]);
    expect(await f.store.listRecoveries()).toEqual([]);
  });
});

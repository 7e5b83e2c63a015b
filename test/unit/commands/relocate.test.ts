import { describe, expect, it } from 'vitest';
import { moveUp } from '../../../core/commands/move-up.js';
import { relocate } from '../../../core/commands/relocate.js';
import { repoint } from '../../../core/commands/repoint.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { makeFacts } from '../../support/facts-builder.js';
import { commandFixture, P, R1, R2, R3, rejection, T0 } from './command-fixture.js';

const gtid = (executed: string) => ({ gtid: { enabled: true, executed, binlogPos: executed, replicaPos: executed, domainId: 0, strict: true, mode: 'ON' } });

describe('relocate', () => {
  it('moves a replica below a sibling by GTID, audited, locks released', async () => {
    const f = await commandFixture({ chain: true });
    const result = await relocate(f.ctx, R2, R1);
    expect(result).toEqual({ instance: parseInstanceKey(R2), from: parseInstanceKey(P), to: parseInstanceKey(R1), position: '0-1-100' });
    expect(f.control.calls).toEqual([`stopReplica ${R2}`, `executedGtid ${R2}`, `executedGtid ${R1}`, `changeSource ${R2} ${R1} auto`, `startReplica ${R2}`]);
    const [audit] = await f.store.listAudit();
    expect(audit).toMatchObject({ action: 'relocate', target: R2, actor: 'cli:alice', outcome: 'ok', detail: `moved ${R2} from ${P} below ${R1} at 0-1-100` });
    expect(await f.store.listLocks(T0)).toEqual([]);
  });

  it('waits for a lagging new source to reach the replica before switching', async () => {
    const f = await commandFixture({ chain: true, facts: { [R2]: gtid('0-1-120') } });
    f.control.setExecuted(R2, '0-1-120').setExecuted(R1, '0-1-110');
    f.control.listen((line) => {
      if (line.startsWith(`waitForGtid ${R1}`)) f.control.setExecuted(R1, '0-1-120');
    });
    await relocate(f.ctx, R2, R1);
    expect(f.control.calls).toEqual([
      `stopReplica ${R2}`,
      `executedGtid ${R2}`,
      `executedGtid ${R1}`,
      `waitForGtid ${R1} 0-1-120`,
      `executedGtid ${R1}`,
      `changeSource ${R2} ${R1} auto`,
      `startReplica ${R2}`,
    ]);
  });

  it('starts the replica again and refuses when the new source does not catch up', async () => {
    const f = await commandFixture({ chain: true, facts: { [R2]: gtid('0-1-120') } });
    f.control.setExecuted(R2, '0-1-120').setExecuted(R1, '0-1-110').failWaitOn(R1);
    const err = await rejection(relocate(f.ctx, R2, R1));
    expect(err).toMatchObject({ code: 'orc_refused', message: `${R2} (at 0-1-120) is still ahead of ${R1} (at 0-1-110): not moved` });
    expect(f.control.callsOf('changeSource')).toEqual([]);
    expect(f.control.calls.at(-1)).toBe(`startReplica ${R2}`);
    expect((await f.store.listAudit())[0]).toMatchObject({ outcome: 'refused' });
  });

  describe('refuses on fresh facts without touching anything', () => {
    it.each([
      ['below itself', R1, R3, {}, `${R3} replicates (directly or not) from ${R1}: ${R1} would be below itself`],
      ['itself', R2, R2, {}, `${R2} cannot replicate from itself`],
      ['a source without log_slave_updates', R2, R1, { [R1]: { logReplicaUpdates: false } }, `${R1} has log_slave_updates OFF: its binlog lacks what it replicates`],
      ['a source without log_bin', R2, R1, { [R1]: { logBin: false } }, `${R1} has log_bin OFF: it cannot serve replicas`],
      ['a primary behind the replica', R3, P, { [R3]: gtid('0-1-120') }, `${R3} is ahead of ${P}, which replicates from nobody and will never catch up (${R3} executed 0-1-120, ${P} 0-1-100)`],
      ['a diverged source', R2, R1, { [R2]: gtid('0-9-100') }, `${R2} and ${R1} have diverged GTID histories (${R2} executed 0-9-100, ${R1} 0-1-100)`],
      ['a primary to move', P, R1, {}, `${P} replicates from nobody: moving a primary is a takeover (orc takeover)`],
      ['no GTID', R2, R1, { [R2]: { replication: [{ ...makeFacts(R2, { source: P }).replication[0]!, gtidUsage: 'no' as const }] } }, `${R2} does not replicate with GTID: orc moves replicas by GTID only`],
    ])('%s', async (_name, target, below, facts, message) => {
      const f = await commandFixture({ chain: true, facts });
      const err = await rejection(relocate(f.ctx, target, below));
      expect(err).toMatchObject({ code: 'orc_refused', message });
      expect(f.control.calls).toEqual([]);
      expect((await f.store.listAudit()).map((a) => [a.action, a.outcome])).toEqual([['relocate', 'refused']]);
    });

    it('a source in another cluster', async () => {
      const f = await commandFixture();
      await f.store.recordObservation({ facts: makeFacts('127.0.0.1:4000', { at: T0 }), clusterName: '127.0.0.1:4000' });
      const err = await rejection(relocate(f.ctx, R2, '127.0.0.1:4000'));
      expect(err).toMatchObject({ code: 'orc_refused', message: `127.0.0.1:4000 is not in the cluster of ${R2} (${P})` });
    });

    it('an instance orc does not know', async () => {
      const f = await commandFixture();
      expect(await rejection(relocate(f.ctx, '127.0.0.1:4000', R1))).toMatchObject({ code: 'orc_unknown_instance' });
      expect(await rejection(relocate(f.ctx, 'nope', R1))).toMatchObject({ code: 'orc_bad_input' });
    });

    it('a replica locked by another change, naming the holder', async () => {
      const f = await commandFixture();
      await f.store.acquireLock({ instance: parseInstanceKey(R2), owner: 'cli:bob', reason: 'resizing', acquiredAt: T0, expiresAt: T0 + 60_000 }, T0);
      const err = await rejection(relocate(f.ctx, R2, R1));
      expect(err.code).toBe('orc_lock_held');
      expect(err.message).toBe(`instance ${R2} is locked by cli:bob until ${new Date(T0 + 60_000).toISOString()}: resizing`);
      expect(f.control.calls).toEqual([]);
      expect(f.probe.calls).toEqual([]);
      expect((await f.store.listAudit())[0]).toMatchObject({ action: 'relocate', outcome: 'refused' });
      // The holder keeps its lock; orc took nothing.
      expect((await f.store.listLocks(T0)).map((l) => l.owner)).toEqual(['cli:bob']);
    });
  });
});

describe('move-up', () => {
  it("moves a replica below its source's source", async () => {
    const f = await commandFixture({ chain: true });
    const result = await moveUp(f.ctx, R3);
    expect(result).toMatchObject({ from: parseInstanceKey(R1), to: parseInstanceKey(P) });
    expect(f.control.callsOf('changeSource')).toEqual([`changeSource ${R3} ${P} auto`]);
    expect((await f.store.listAudit())[0]).toMatchObject({ action: 'move-up', outcome: 'ok' });
  });

  it('refuses at the top', async () => {
    const f = await commandFixture();
    expect(await rejection(moveUp(f.ctx, R1))).toMatchObject({ code: 'orc_refused', message: `${R1} replicates from ${P}, which replicates from nobody: it is already at the top` });
    expect(await rejection(moveUp(f.ctx, P))).toMatchObject({ code: 'orc_refused', message: `${P} replicates from nobody: nothing to move up` });
    expect(f.control.calls).toEqual([]);
  });

  it('refuses when the replica moved since orc last looked', async () => {
    const f = await commandFixture({ chain: true });
    f.probe.set(makeFacts(R3, { source: P, serverId: 4 }));
    expect(await rejection(moveUp(f.ctx, R3))).toMatchObject({ code: 'orc_refused', message: `${R3} no longer replicates from ${R1}: the topology changed, look again` });
    expect(f.control.calls).toEqual([]);
  });
});

describe('repoint', () => {
  it('re-issues CHANGE MASTER to the same source', async () => {
    const f = await commandFixture();
    const result = await repoint(f.ctx, R2);
    expect(result).toMatchObject({ from: parseInstanceKey(P), to: parseInstanceKey(P) });
    expect(f.control.calls).toEqual([`stopReplica ${R2}`, `changeSource ${R2} ${P} auto`, `startReplica ${R2}`, `executedGtid ${R2}`]);
  });

  it('relocates with --to another server, and refuses a primary', async () => {
    const f = await commandFixture();
    await repoint(f.ctx, R2, R1);
    expect(f.control.callsOf('changeSource')).toEqual([`changeSource ${R2} ${R1} auto`]);
    expect(await rejection(repoint(f.ctx, P))).toMatchObject({ code: 'orc_refused', message: `${P} replicates from nobody: nothing to repoint` });
  });
});

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import type { HookRunner } from '../../../core/hooks/hook-runner.js';
import type { InstanceFacts } from '../../../core/model/instance.js';
import type { FencedInstance } from '../../../core/ports/recovery-store.js';
import { formatInstanceKey, parseInstanceKey } from '../../../core/model/instance-key.js';
import { systemClock } from '../../../core/ports/clock.js';
import { silentLogger } from '../../../core/ports/logger.js';
import type { Probe } from '../../../core/ports/probe.js';
import { FenceWatcher } from '../../../core/recovery/fence-watcher.js';
import { TopologyView } from '../../../core/recovery/topology-view.js';
import { makeFacts } from '../../support/facts-builder.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { FakeReplicationControl } from '../../support/fake-replication-control.js';
import { MemoryStore } from '../../support/memory-store.js';
import { makeRecovery } from '../../support/recovery-builder.js';

const OLD = '127.0.0.1:3306';
const NEW = '127.0.0.1:3307';
const config = parseConfig({ topology: { user: 'orc' }, replication: { user: 'repl' }, discovery: { seeds: [OLD] } });
const noHooks: HookRunner = { run: async () => ({ exitCode: 0, signal: null, durationMs: 0, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: null }) };
const gtid = (executed: string, binlogState = executed) => ({ enabled: true, executed, binlogPos: executed, binlogState, replicaPos: '', domainId: 0, strict: true, mode: 'ON' });

/**
 * An old primary 3306 fenced by a failover to 3307, both at `oldGtid` / `newGtid`; `refuse` makes the source refuse
 * it after START SLAVE; `fence` is the stored fence state (fenced by default), `recovery` how the failover stands
 * (promoted 3307 by default; running, or ended failed without promoting), `writable` the old primary's read_only=OFF.
 */
async function fixture(options: {
  oldGtid: ReturnType<typeof gtid>;
  newGtid: ReturnType<typeof gtid>;
  refuse?: boolean;
  fence?: FencedInstance['state'];
  recovery?: 'promoted' | 'running' | 'failed';
  writable?: boolean;
}) {
  const fake = new FakeProbe()
    .set(makeFacts(OLD, { serverId: 1, readOnly: !options.writable, gtid: options.oldGtid }))
    .set(makeFacts(NEW, { serverId: 2, readOnly: false, gtid: options.newGtid }));
  const control = new FakeReplicationControl().simulate(fake);
  // MariaDB's MASTER_GTID_WAIT waits on gtid_slave_pos, which an old primary with nothing to fetch never moves.
  control.failWaitOn(OLD);
  const probe: Probe = {
    probe: async (key, signal) => {
      const facts = await fake.probe(key, signal);
      if (!options.refuse || formatInstanceKey(key) !== OLD || facts.replication.length === 0 || control.callsOf('startReplica').length === 0) return facts;
      const refused = { ...facts.replication[0]!, ioState: 'no' as const, lastIoErrno: 1236, lastIoError: 'Error: connecting slave requested to start from GTID 0-1-101, which is not in the master\'s binlog' };
      return { ...facts, replication: [refused] } satisfies InstanceFacts;
    },
    close: async () => {},
  };
  const store = new MemoryStore();
  await store.registerRecovery(makeRecovery({ id: 'r1', failed: parseInstanceKey(OLD) }));
  const recovery = options.recovery ?? 'promoted';
  if (recovery === 'promoted') await store.finishRecovery('r1', { status: 'succeeded', endedAt: 2_000_000, successor: parseInstanceKey(NEW), lost: [], summary: 'promoted' });
  if (recovery === 'failed') await store.finishRecovery('r1', { status: 'failed', endedAt: 2_000_000, successor: null, lost: [], summary: 'no candidate' });
  await store.recordFence({ instance: parseInstanceKey(OLD), cluster: NEW, recoveryId: 'r1', fencedAt: 1, state: options.fence ?? 'fenced', updatedAt: 1, detail: '' });
  // Runs once, when the watcher asks for a maintenance lock (what changed while it waited for it).
  let beforeLock: (() => Promise<void>) | null = null;
  const acquireLock = store.acquireLock.bind(store);
  store.acquireLock = async (lock, now) => {
    const change = beforeLock;
    beforeLock = null;
    await change?.();
    return acquireLock(lock, now);
  };
  const listFenced = store.listFenced.bind(store);
  let listReads = 0;
  store.listFenced = async () => {
    listReads += 1;
    return listFenced();
  };
  const view = new TopologyView();
  view.apply({ ok: true, key: parseInstanceKey(NEW), facts: (await fake.probe(parseInstanceKey(NEW)))!, durationMs: 1 });
  const deps = { config, store, probe, control, hookRunner: noHooks, clock: systemClock, logger: silentLogger, orcHost: 'test' };
  const watcher = new FenceWatcher(deps, view);
  await watcher.refresh();
  const locksDuringChange: string[][] = [];
  control.listen((line) => {
    if (line.startsWith('changeSource')) void store.listLocks(Date.now()).then((locks) => locksDuringChange.push(locks.map((l) => formatInstanceKey(l.instance))));
  });
  const seeAgain = async () => {
    watcher.onOutcome({ ok: true, key: parseInstanceKey(OLD), facts: await fake.probe(parseInstanceKey(OLD)), durationMs: 1 }, new AbortController().signal);
    await watcher.settle();
  };
  const fenceState = async () => (await store.listFenced()).find((f) => formatInstanceKey(f.instance) === OLD);
  const locksAtReadOnly: string[][] = [];
  control.listen((line) => {
    if (line.startsWith('setReadOnly')) void store.listLocks(Date.now()).then((locks) => locksAtReadOnly.push(locks.map((l) => l.owner)));
  });
  return {
    store,
    fake,
    control,
    seeAgain,
    fenceState,
    locksDuringChange,
    locksAtReadOnly,
    listReads: () => listReads,
    whileWaitingForTheLock: (change: () => Promise<void>) => {
      beforeLock = change;
    },
  };
}

describe('FenceWatcher', () => {
  it('rejoins an old primary with nothing to fetch on its executed position, without MASTER_GTID_WAIT, under its lock', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-100'), newGtid: gtid('0-1-100') });
    await f.seeAgain();
    expect(await f.fenceState()).toMatchObject({ state: 'rejoined', detail: `replicates from ${NEW}` });
    expect(f.control.callsOf('waitForGtid')).toEqual([]);
    expect(f.control.callsOf('changeSource')).toEqual([`changeSource ${OLD} ${NEW} current_pos`]);
    expect(f.control.callsOf('resetReplicaAll')).toEqual([]);
    expect(f.locksDuringChange).toEqual([[OLD]]);
    expect(await f.store.listLocks(Date.now())).toEqual([]);
  });

  it('keeps the source refusal (1236) as the final word: diverged, detached again, lock released', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-100'), newGtid: gtid('0-2-105', '0-1-100,0-2-105'), refuse: true });
    await f.seeAgain();
    expect(await f.fenceState()).toMatchObject({ state: 'diverged', detail: expect.stringContaining('error 1236') });
    expect(f.control.callsOf('resetReplicaAll')).toEqual([`resetReplicaAll ${OLD}`]);
    expect(await f.store.listLocks(Date.now())).toEqual([]);
  });

  it('reports an old primary whose own write the new primary overtook as diverged without repointing it', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-101', '0-1-101'), newGtid: gtid('0-2-105', '0-1-100,0-2-105') });
    await f.seeAgain();
    expect(await f.fenceState()).toMatchObject({ state: 'diverged', detail: expect.stringContaining('0-1-101') });
    expect(f.control.callsOf('changeSource')).toEqual([]);
  });

  it('does not rejoin a server whose maintenance lock someone else holds', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-100'), newGtid: gtid('0-1-100') });
    const now = Date.now();
    await f.store.acquireLock({ instance: parseInstanceKey(OLD), owner: 'operator', reason: 'hands on', acquiredAt: now, expiresAt: now + 60_000 }, now);
    await f.seeAgain();
    expect(await f.fenceState()).toMatchObject({ state: 'fenced' });
    expect(f.control.callsOf('stopReplica')).toEqual([]);
  });

  it('does not re-fence an old primary whose failed promotion removed its pending fence after the list was read', async () => {
    // `orc failover` in another process: pending fence recorded, promotion failed, rollback removed it and gave writes back.
    const f = await fixture({ oldGtid: gtid('0-1-100'), newGtid: gtid('0-1-100'), fence: 'pending', recovery: 'running', writable: true });
    await f.store.finishRecovery('r1', { status: 'failed', endedAt: 2_000_000, successor: null, lost: [], summary: 'promotion failed' });
    await f.store.clearFence(parseInstanceKey(OLD));
    await f.seeAgain();
    expect(f.control.callsOf('setReadOnly')).toEqual([]);
    expect(await f.fenceState()).toBeUndefined();
    expect(await f.store.listAudit({ limit: 10 })).toEqual([]);
  });

  it('leaves writable a server whose pending fence outlived a recovery that ended without promoting', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-100'), newGtid: gtid('0-1-100'), fence: 'pending', recovery: 'failed', writable: true });
    await f.seeAgain();
    expect(f.control.callsOf('setReadOnly')).toEqual([]);
    expect(f.control.callsOf('changeSource')).toEqual([]);
    expect(await f.fenceState()).toMatchObject({ state: 'pending' });
    expect(await f.store.listLocks(Date.now())).toEqual([]);
  });

  it('leaves a pending fence to its running recovery, which holds the server\'s lock', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-100'), newGtid: gtid('0-1-100'), fence: 'pending', recovery: 'running', writable: true });
    const now = Date.now();
    await f.store.acquireLock({ instance: parseInstanceKey(OLD), owner: 'recovery:r1', reason: 'forced-failover', acquiredAt: now, expiresAt: now + 60_000 }, now);
    await f.seeAgain();
    expect(f.control.callsOf('setReadOnly')).toEqual([]);
    expect((await f.store.listLocks(Date.now())).map((l) => l.owner)).toEqual(['recovery:r1']);
  });

  it('fences a server whose pending fence belongs to a recovery that ended having promoted', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-100'), newGtid: gtid('0-1-100'), fence: 'pending', writable: true });
    await f.seeAgain();
    expect(f.control.callsOf('setReadOnly')).toEqual([`setReadOnly ${OLD} ON`]);
    expect(await f.fenceState()).toMatchObject({ state: 'rejoined' });
  });

  it('sets a writable fenced old primary read-only at once: one fence row read, no list, no lock first', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-100'), newGtid: gtid('0-1-100'), writable: true });
    const now = Date.now();
    await f.store.acquireLock({ instance: parseInstanceKey(OLD), owner: 'operator', reason: 'hands on', acquiredAt: now, expiresAt: now + 60_000 }, now);
    const before = f.listReads();
    await f.seeAgain();
    expect(f.control.callsOf('setReadOnly')).toEqual([`setReadOnly ${OLD} ON`]);
    expect(f.locksAtReadOnly).toEqual([['operator']]);
    expect(f.listReads()).toBe(before);
    expect(f.fake.get(OLD)?.readOnly).toBe(true);
  });

  it('decides the rejoin on a fresh probe under the lock: a write that landed meanwhile makes it diverged', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-100'), newGtid: gtid('0-1-100') });
    f.whileWaitingForTheLock(async () => {
      f.fake.update(OLD, (facts) => ({ ...facts, gtid: gtid('0-1-101') }));
    });
    await f.seeAgain();
    expect(f.control.callsOf('changeSource')).toEqual([]);
    expect(await f.fenceState()).toMatchObject({ state: 'diverged', detail: expect.stringContaining('0-1-101') });
    expect(await f.store.listLocks(Date.now())).toEqual([]);
  });

  it('does not rejoin a server unfenced while it waited for the lock, nor record its fence again', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-100'), newGtid: gtid('0-1-100') });
    f.whileWaitingForTheLock(async () => {
      await f.store.clearFence(parseInstanceKey(OLD));
    });
    await f.seeAgain();
    expect(f.control.callsOf('stopReplica')).toEqual([]);
    expect(f.control.callsOf('changeSource')).toEqual([]);
    expect(await f.fenceState()).toBeUndefined();
  });

  it('does not bring back as diverged a fence lifted after the list was read', async () => {
    const f = await fixture({ oldGtid: gtid('0-1-101', '0-1-101'), newGtid: gtid('0-2-105', '0-1-100,0-2-105') });
    await f.store.clearFence(parseInstanceKey(OLD));
    await f.seeAgain();
    expect(await f.fenceState()).toBeUndefined();
    expect(await f.store.listAudit({ limit: 10 })).toEqual([]);
  });
});

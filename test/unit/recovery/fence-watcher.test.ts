import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import type { HookRunner } from '../../../core/hooks/hook-runner.js';
import type { InstanceFacts } from '../../../core/model/instance.js';
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

/** An old primary 3306 fenced by a failover to 3307, both at `oldGtid` / `newGtid`; `refuse` makes the source refuse it after START SLAVE. */
async function fixture(options: { oldGtid: ReturnType<typeof gtid>; newGtid: ReturnType<typeof gtid>; refuse?: boolean }) {
  const fake = new FakeProbe()
    .set(makeFacts(OLD, { serverId: 1, readOnly: true, gtid: options.oldGtid }))
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
  await store.finishRecovery('r1', { status: 'succeeded', endedAt: 2_000_000, successor: parseInstanceKey(NEW), lost: [], summary: 'promoted' });
  await store.recordFence({ instance: parseInstanceKey(OLD), cluster: NEW, recoveryId: 'r1', fencedAt: 1, state: 'fenced', updatedAt: 1, detail: '' });
  const view = new TopologyView();
  view.apply({ ok: true, key: parseInstanceKey(NEW), facts: (await fake.probe(parseInstanceKey(NEW)))! });
  const deps = { config, store, probe, control, hookRunner: noHooks, clock: systemClock, logger: silentLogger, orcHost: 'test' };
  const watcher = new FenceWatcher(deps, view);
  await watcher.refresh();
  const locksDuringChange: string[][] = [];
  control.listen((line) => {
    if (line.startsWith('changeSource')) void store.listLocks(Date.now()).then((locks) => locksDuringChange.push(locks.map((l) => formatInstanceKey(l.instance))));
  });
  const seeAgain = async () => {
    watcher.onOutcome({ ok: true, key: parseInstanceKey(OLD), facts: await fake.probe(parseInstanceKey(OLD)) }, new AbortController().signal);
    await watcher.settle();
  };
  const fenceState = async () => (await store.listFenced()).find((f) => formatInstanceKey(f.instance) === OLD);
  return { store, control, seeAgain, fenceState, locksDuringChange };
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
});

import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { DiscoveryLoop, type ProbeOutcome } from '../../../core/discovery/discovery-loop.js';
import { formatInstanceKey, parseInstanceKey } from '../../../core/model/instance-key.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { makeFacts } from '../../support/facts-builder.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { MemoryStore } from '../../support/memory-store.js';

const config = parseConfig({
  topology: { user: 'orc' },
  discovery: { pollIntervalMs: 100, concurrency: 4 },
  clusters: [{ alias: 'main', seeds: ['127.0.0.1:3306'] }],
});
let now = 1_000_000;
// Scheduling runs on real timers, so the monotonic clock is the real one.
const clock = { now: () => now, monotonic: () => performance.now() };

function labProbe(): FakeProbe {
  return new FakeProbe()
    .set(makeFacts('127.0.0.1:3306', { replicas: ['127.0.0.1:3307', '127.0.0.1:3308'] }))
    .set(makeFacts('127.0.0.1:3307', { source: '127.0.0.1:3306', serverId: 2, replicas: ['127.0.0.1:3309'] }))
    .set(makeFacts('127.0.0.1:3308', { source: '127.0.0.1:3306', serverId: 3 }))
    .set(makeFacts('127.0.0.1:3309', { source: '127.0.0.1:3307', serverId: 4 }));
}

const loops: DiscoveryLoop[] = [];
afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.stop()));
});

function newLoop(probe: FakeProbe, store: MemoryStore, cfg = config): DiscoveryLoop {
  const loop = new DiscoveryLoop({ probe, store, clock, logger: silentLogger, config: cfg });
  loops.push(loop);
  return loop;
}

describe('DiscoveryLoop.crawl', () => {
  it('finds the whole topology from a leaf and names the cluster after its primary, with the alias', async () => {
    const store = new MemoryStore();
    const loop = newLoop(labProbe(), store);
    await loop.load();
    const result = await loop.crawl(parseInstanceKey('127.0.0.1:3309'));
    expect(result.reached.map(formatInstanceKey).sort()).toEqual(['127.0.0.1:3306', '127.0.0.1:3307', '127.0.0.1:3308', '127.0.0.1:3309']);
    const instances = await store.listInstances();
    expect(instances.map((i) => [formatInstanceKey(i.key), i.clusterName])).toEqual([
      ['127.0.0.1:3306', '127.0.0.1:3306'],
      ['127.0.0.1:3307', '127.0.0.1:3306'],
      ['127.0.0.1:3308', '127.0.0.1:3306'],
      ['127.0.0.1:3309', '127.0.0.1:3306'],
    ]);
    expect(await store.listClusters()).toMatchObject([{ name: '127.0.0.1:3306', alias: 'main' }]);
  });

  it('records an unreachable replica it was pointed at, but never a seed that does not answer', async () => {
    const store = new MemoryStore();
    const probe = labProbe().setDown('127.0.0.1:3308');
    const loop = newLoop(probe, store);
    await loop.load();
    const result = await loop.crawl(parseInstanceKey('127.0.0.1:3306'));
    expect(result.failed.map((f) => formatInstanceKey(f.key))).toEqual(['127.0.0.1:3308']);
    const down = await store.getInstance(parseInstanceKey('127.0.0.1:3308'));
    expect(down).toMatchObject({ reachable: false, lastSeenAt: null, clusterName: '127.0.0.1:3306' });
    expect(down!.lastError).toContain('orc_unreachable');

    const miss = await loop.crawl(parseInstanceKey('127.0.0.1:4000'));
    expect(miss.reached).toEqual([]);
    expect(await store.getInstance(parseInstanceKey('127.0.0.1:4000'))).toBeUndefined();
  });
});

describe('DiscoveryLoop polling', () => {
  it('polls known instances, keeps a dead one with its last facts, and sees it come back', async () => {
    const store = new MemoryStore();
    const probe = labProbe();
    const loop = newLoop(probe, store);
    await loop.load();
    await loop.crawl(parseInstanceKey('127.0.0.1:3306'));

    probe.setDown('127.0.0.1:3308');
    now += 5000;
    const outcomes: ProbeOutcome[] = [];
    const seen = new Promise<void>((resolve) => {
      loop.subscribe((o) => {
        outcomes.push(o);
        if (!o.ok && formatInstanceKey(o.key) === '127.0.0.1:3308') resolve();
      });
    });
    await loop.start();
    await seen;
    const dead = await store.getInstance(parseInstanceKey('127.0.0.1:3308'));
    expect(dead).toMatchObject({ reachable: false, lastSeenAt: 1_000_000, clusterName: '127.0.0.1:3306' });
    expect(dead!.facts?.serverId).toBe(3);

    probe.setDown('127.0.0.1:3308', false);
    const back = new Promise<void>((resolve) => {
      loop.subscribe((o) => {
        if (o.ok && formatInstanceKey(o.key) === '127.0.0.1:3308') resolve();
      });
    });
    await back;
    expect(await store.getInstance(parseInstanceKey('127.0.0.1:3308'))).toMatchObject({ reachable: true, lastError: null });
  });

  it('moves instances between clusters when a replica is detached', async () => {
    const store = new MemoryStore();
    const probe = labProbe();
    const loop = newLoop(probe, store);
    await loop.load();
    await loop.crawl(parseInstanceKey('127.0.0.1:3306'));
    // 3307 stops replicating (detached): it and its replica 3309 form their own cluster.
    probe.set(makeFacts('127.0.0.1:3307', { serverId: 2, replicas: ['127.0.0.1:3309'] }));
    await loop.probeNow([parseInstanceKey('127.0.0.1:3307')]);
    await loop.crawl(parseInstanceKey('127.0.0.1:3307'));
    const byKey = Object.fromEntries((await store.listInstances()).map((i) => [formatInstanceKey(i.key), i.clusterName]));
    expect(byKey).toEqual({
      '127.0.0.1:3306': '127.0.0.1:3306',
      '127.0.0.1:3307': '127.0.0.1:3307',
      '127.0.0.1:3308': '127.0.0.1:3306',
      '127.0.0.1:3309': '127.0.0.1:3307',
    });
    expect((await store.listClusters()).map((c) => [c.name, c.alias])).toEqual([
      ['127.0.0.1:3306', 'main'],
      ['127.0.0.1:3307', null],
    ]);
  });

  it('never runs two probes of one instance at once', async () => {
    const store = new MemoryStore();
    const probe = labProbe();
    const loop = newLoop(probe, store);
    await loop.load();
    const key = parseInstanceKey('127.0.0.1:3308');
    await Promise.all([loop.probeNow([key]), loop.probeNow([key]), loop.probeNow([key])]);
    expect(probe.calls.filter((c) => c === '127.0.0.1:3308')).toHaveLength(1);
  });

  it('moves the alias with the members when a failover renames the cluster', async () => {
    const store = new MemoryStore();
    const probe = labProbe();
    const loop = newLoop(probe, store);
    await loop.load();
    await loop.crawl(parseInstanceKey('127.0.0.1:3306'));
    // 3306 died; 3307 was promoted and 3308 follows it.
    probe.setDown('127.0.0.1:3306');
    probe.set(makeFacts('127.0.0.1:3307', { serverId: 2, replicas: ['127.0.0.1:3309', '127.0.0.1:3308'] }));
    probe.set(makeFacts('127.0.0.1:3308', { source: '127.0.0.1:3307', serverId: 3 }));
    await loop.probeNow(['127.0.0.1:3306', '127.0.0.1:3307', '127.0.0.1:3308'].map(parseInstanceKey));
    await loop.crawl(parseInstanceKey('127.0.0.1:3307'));
    expect((await store.listClusters()).map((c) => [c.name, c.alias])).toEqual([
      ['127.0.0.1:3306', null],
      ['127.0.0.1:3307', 'main'],
    ]);
  });
});


/**
 * The lab topology with report_host unset, as MySQL shows it: SHOW SLAVE HOSTS names nobody, the sources' binlog
 * dump threads show where replicas connect from (all on 127.0.0.1 here), and replicas on ports orc cannot guess
 * (3307-3309) list their port in SHOW SLAVE HOSTS without a host, as MariaDB before 10.5.1 did.
 */
function unnamedProbe(): FakeProbe {
  const hints = (dumpHosts: string[], unnamedPorts: number[]) => ({ replicaHints: { dumpHosts, unnamedPorts } });
  return new FakeProbe()
    .set(makeFacts('127.0.0.1:3306', { serverId: 1, ...hints(['127.0.0.1', '127.0.0.1'], [3307, 3308]) }))
    .set(makeFacts('127.0.0.1:3307', { source: '127.0.0.1:3306', serverId: 2, channel: { sourceServerId: 1 }, ...hints(['127.0.0.1'], [3309]) }))
    .set(makeFacts('127.0.0.1:3308', { source: '127.0.0.1:3306', serverId: 3, channel: { sourceServerId: 1 } }))
    .set(makeFacts('127.0.0.1:3309', { source: '127.0.0.1:3307', serverId: 4, channel: { sourceServerId: 2 } }));
}

const sources = async (store: MemoryStore) =>
  Object.fromEntries(
    (await store.listInstances()).map((i) => [formatInstanceKey(i.key), i.facts?.replication[0] ? formatInstanceKey(i.facts.replication[0].source) : null]),
  );

describe('DiscoveryLoop without report_host: replicas found through binlog dump threads', () => {
  const whole = { '127.0.0.1:3306': null, '127.0.0.1:3307': '127.0.0.1:3306', '127.0.0.1:3308': '127.0.0.1:3306', '127.0.0.1:3309': '127.0.0.1:3307' };

  it.each(['127.0.0.1:3306', '127.0.0.1:3307', '127.0.0.1:3309'])('a crawl from %s finds all four with their parents, in one cluster', async (seed) => {
    const store = new MemoryStore();
    const loop = newLoop(unnamedProbe(), store);
    await loop.load();
    const result = await loop.crawl(parseInstanceKey(seed));
    expect(result.reached.map(formatInstanceKey).sort()).toEqual(Object.keys(whole));
    expect(result.failed).toEqual([]);
    expect(await sources(store)).toEqual(whole);
    expect(new Set((await store.listInstances()).map((i) => i.clusterName))).toEqual(new Set(['127.0.0.1:3306']));
  });

  it('a candidate that does not answer or replicates from elsewhere is not recorded, and rests before it is tried again', async () => {
    const store = new MemoryStore();
    const probe = new FakeProbe()
      .set(makeFacts('10.0.0.1:3306', { serverId: 1, replicaHints: { dumpHosts: ['10.0.0.2', '10.0.0.3'], unnamedPorts: [] } }))
      .set(makeFacts('10.0.0.3:3306', { serverId: 3, source: '10.0.0.9:3306', channel: { sourceServerId: 9 } }));
    const loop = newLoop(probe, store);
    await loop.load();
    const result = await loop.crawl(parseInstanceKey('10.0.0.1:3306'));
    expect(result.reached.map(formatInstanceKey)).toEqual(['10.0.0.1:3306']);
    expect(result.failed).toEqual([]);
    expect((await store.listInstances()).map((i) => formatInstanceKey(i.key))).toEqual(['10.0.0.1:3306']);
    expect(probe.calls.sort()).toEqual(['10.0.0.1:3306', '10.0.0.2:3306', '10.0.0.3:3306']);
    await loop.crawl(parseInstanceKey('10.0.0.1:3306'));
    expect(probe.calls.filter((c) => c !== '10.0.0.1:3306')).toHaveLength(2);
  });

  it('a refuted candidate rests one poll interval, then twice as long after each further miss', async () => {
    let mono = 0;
    const probe = new FakeProbe().set(makeFacts('10.0.0.1:3306', { serverId: 1, replicaHints: { dumpHosts: ['10.0.0.2'], unnamedPorts: [] } }));
    const loop = new DiscoveryLoop({ probe, store: new MemoryStore(), clock: { now: () => now, monotonic: () => mono }, logger: silentLogger, config });
    loops.push(loop);
    await loop.load();
    const tries: number[] = [];
    for (const at of [0, 50, 150, 250, 350, 700, 749, 750]) {
      mono = at;
      const before = probe.calls.filter((c) => c === '10.0.0.2:3306').length;
      // A crawl waits for the candidate probes its seed's facts start.
      await loop.crawl(parseInstanceKey('10.0.0.1:3306'));
      if (probe.calls.filter((c) => c === '10.0.0.2:3306').length > before) tries.push(at);
    }
    // Rests of 100, 200 and 400 ms (pollIntervalMs 100) after the misses at 0, 150 and 350.
    expect(tries).toEqual([0, 150, 350, 750]);
  });

  it('a candidate refuted for one source is still confirmed for the one it replicates from', async () => {
    const probe = unnamedProbe();
    // Nothing in SHOW SLAVE HOSTS at all (MySQL without report_host): only the configured ports are tried.
    for (const key of ['127.0.0.1:3306', '127.0.0.1:3307']) {
      const facts = await probe.probe(parseInstanceKey(key));
      probe.set({ ...facts, replicaHints: { ...facts.replicaHints, unnamedPorts: [] } });
    }
    const store = new MemoryStore();
    const cfg = parseConfig({ topology: { user: 'orc' }, discovery: { pollIntervalMs: 100, concurrency: 4, replicaPorts: [3307, 3308, 3309] } });
    const loop = newLoop(probe, store, cfg);
    await loop.load();
    const result = await loop.crawl(parseInstanceKey('127.0.0.1:3306'));
    expect(result.reached.map(formatInstanceKey).sort()).toEqual(Object.keys(whole));
    expect(await sources(store)).toEqual(whole);
  });

  it('a server that names its replicas costs no candidate probe', async () => {
    const probe = labProbe();
    probe.set(makeFacts('127.0.0.1:3306', { replicas: ['127.0.0.1:3307', '127.0.0.1:3308'], replicaHints: { dumpHosts: ['127.0.0.1', '127.0.0.1'], unnamedPorts: [] } }));
    const loop = newLoop(probe, new MemoryStore());
    await loop.load();
    await loop.crawl(parseInstanceKey('127.0.0.1:3306'));
    expect(probe.calls.sort()).toEqual(['127.0.0.1:3306', '127.0.0.1:3307', '127.0.0.1:3308', '127.0.0.1:3309']);
  });

  it('the continuous loop finds a replica that starts replicating later on a port only the config lists, after that port rested from an earlier miss', async () => {
    const store = new MemoryStore();
    const probe = unnamedProbe();
    const cfg = parseConfig({ topology: { user: 'orc' }, discovery: { pollIntervalMs: 100, concurrency: 4, replicaPorts: [3320] } });
    const loop = newLoop(probe, store, cfg);
    await loop.load();
    await loop.crawl(parseInstanceKey('127.0.0.1:3306'));
    const found = new Promise<ProbeOutcome>((resolve) => {
      loop.subscribe((o) => {
        if (o.ok && formatInstanceKey(o.key) === '127.0.0.1:3320') resolve(o);
      });
    });
    await loop.start();
    probe.set(makeFacts('127.0.0.1:3320', { source: '127.0.0.1:3306', serverId: 20, channel: { sourceServerId: 1 } }));
    probe.set(makeFacts('127.0.0.1:3306', { serverId: 1, replicaHints: { dumpHosts: ['127.0.0.1', '127.0.0.1', '127.0.0.1'], unnamedPorts: [3307, 3308] } }));
    await found;
    expect(await store.getInstance(parseInstanceKey('127.0.0.1:3320'))).toMatchObject({ reachable: true, clusterName: '127.0.0.1:3306' });
    expect((await sources(store))['127.0.0.1:3320']).toBe('127.0.0.1:3306');
  });
});

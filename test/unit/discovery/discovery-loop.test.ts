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


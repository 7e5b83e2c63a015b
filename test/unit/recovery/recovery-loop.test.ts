import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { DiscoveryLoop } from '../../../core/discovery/discovery-loop.js';
import type { HookRunner } from '../../../core/hooks/hook-runner.js';
import { formatInstanceKey, parseInstanceKey } from '../../../core/model/instance-key.js';
import { systemClock } from '../../../core/ports/clock.js';
import { silentLogger } from '../../../core/ports/logger.js';
import type { Probe } from '../../../core/ports/probe.js';
import { NO_PROGRESS } from '../../../core/ports/recovery-store.js';
import { RecoveryLoop } from '../../../core/recovery/recovery-loop.js';
import { makeFacts } from '../../support/facts-builder.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { FakeReplicationControl } from '../../support/fake-replication-control.js';
import { MemoryStore } from '../../support/memory-store.js';
import { makeRecovery } from '../../support/recovery-builder.js';
import { until } from '../../support/service-harness.js';

const raw = {
  topology: { user: 'orc' },
  replication: { user: 'repl' },
  discovery: { seeds: ['127.0.0.1:3306'], pollIntervalMs: 100 },
  clusters: [{ alias: 'main', seeds: ['127.0.0.1:3306'] }],
};
const config = parseConfig(raw);
const noHooks: HookRunner = { run: async () => ({ exitCode: 0, signal: null, durationMs: 0, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: null }) };

function healthy(): FakeProbe {
  return new FakeProbe()
    .set(makeFacts('127.0.0.1:3306', { readOnly: false, replicas: ['127.0.0.1:3307', '127.0.0.1:3308'] }))
    .set(makeFacts('127.0.0.1:3307', { source: '127.0.0.1:3306', serverId: 2, replicas: ['127.0.0.1:3309'] }))
    .set(makeFacts('127.0.0.1:3308', { source: '127.0.0.1:3306', serverId: 3 }))
    .set(makeFacts('127.0.0.1:3309', { source: '127.0.0.1:3307', serverId: 4 }));
}

/** The primary dies: orc cannot reach it and its direct replicas cannot connect to it (error 2003). */
function killPrimary(fake: FakeProbe): void {
  fake.setDown('127.0.0.1:3306');
  const lost = { ioState: 'connecting' as const, lastIoErrno: 2003, lastIoError: "Can't connect to server", lagSeconds: null };
  fake.set(makeFacts('127.0.0.1:3307', { source: '127.0.0.1:3306', serverId: 2, replicas: ['127.0.0.1:3309'], channel: lost }));
  fake.set(makeFacts('127.0.0.1:3308', { source: '127.0.0.1:3306', serverId: 3, channel: lost }));
}

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
});

async function start(fake: FakeProbe, store = new MemoryStore(), deps0: { config?: typeof config; reachable?: number } = {}) {
  // Every answer is stamped now, as a real probe's would be: the loop acts only on a fresh view.
  const probe: Probe = { probe: async (k, s) => ({ ...(await fake.probe(k, s)), observedAt: Date.now() }), close: async () => {} };
  const control = new FakeReplicationControl().simulate(fake);
  const deps = { config: deps0.config ?? config, store, probe, control, hookRunner: noHooks, clock: systemClock, logger: silentLogger, orcHost: 'test' };
  const discovery = new DiscoveryLoop(deps);
  const recovery = new RecoveryLoop(deps, discovery);
  await discovery.start();
  running.push(discovery);
  await recovery.start();
  running.push(recovery);
  await until('the topology to be discovered', async () => (await store.listInstances()).filter((i) => i.reachable).length === (deps0.reachable ?? 4), 5000);
  return { store, control, recovery };
}

describe('RecoveryLoop with fakes', () => {
  it('fails a dead primary over: fence recorded before the promotion, the other replica repointed', async () => {
    const fake = healthy();
    const { store, control } = await start(fake);
    killPrimary(fake);
    const recovery = await until('a finished recovery', async () => (await store.listRecoveries()).find((r) => r.status !== 'running'), 5000);
    expect(recovery).toMatchObject({ status: 'succeeded', kind: 'dead-primary', trigger: 'DeadPrimary', failed: { port: 3306 } });
    const successor = formatInstanceKey(recovery.successor!);
    const other = successor === '127.0.0.1:3307' ? '127.0.0.1:3308' : '127.0.0.1:3307';
    expect(control.calls).toEqual(
      expect.arrayContaining([`resetReplicaAll ${successor}`, `setReadOnly ${successor} OFF`, `changeSource ${other} ${successor} auto`]),
    );
    const steps = (await store.getRecovery(recovery.id))!.steps.map((s) => s.name);
    expect(steps.indexOf('record 127.0.0.1:3306 as fenced (never primary again)')).toBeLessThan(steps.findIndex((n) => n.startsWith('promote ')));
    expect((await store.listFenced()).map((f) => formatInstanceKey(f.instance))).toEqual(['127.0.0.1:3306']);
  });

  it('refuses inside the anti-flap block without touching a server, and does not spin on the refusal', async () => {
    const fake = healthy();
    const store = new MemoryStore();
    const { control, recovery } = await start(fake, store);
    const now = Date.now();
    await store.registerRecovery(
      makeRecovery({ id: 'earlier', clusterAlias: 'main', failed: parseInstanceKey('127.0.0.1:3300'), successor: parseInstanceKey('127.0.0.1:3306'), startedAt: now - 60_000 }),
    );
    await store.finishRecovery('earlier', { status: 'succeeded', endedAt: now - 59_000, successor: parseInstanceKey('127.0.0.1:3306'), lost: [], summary: 'ok' });
    let gateReads = 0;
    let passes = 0;
    const listRecoveries = store.listRecoveries.bind(store);
    store.listRecoveries = async (options) => {
      gateReads++;
      return listRecoveries(options);
    };
    // Every analysis pass reads the cluster aliases once: counting those counts passes.
    const listClusters = store.listClusters.bind(store);
    store.listClusters = async () => {
      passes++;
      return listClusters();
    };
    killPrimary(fake);
    const blocked = await until('the refusal', async () => recovery.blockedRecoveries()[0], 5000);
    expect(blocked.reason).toMatch(/^blocked: cluster main was recovered 1m0\ds ago; anti-flap block for 5\dm\d\ds more unless acknowledged$/);
    gateReads = 0;
    passes = 0;
    await until('twenty more analysis passes', async () => passes >= 20, 10_000);
    // The refused finding is re-examined about once per poll interval, not on every pass (each review reads twice:
    // the gate state and the stale-recovery check share listRecoveries).
    expect(gateReads).toBeLessThan(passes);
    expect(control.calls.filter((c) => !c.startsWith('executedGtid'))).toEqual([]);
  });

  it('refuses, visibly, to recover a primary whose stored downtime holds no valid time', async () => {
    const fake = healthy();
    const store = new MemoryStore();
    // A row as `downtime begin --for 99999999d` stored it before the bounds existed.
    store.listDowntime = async () => [{ instance: parseInstanceKey('127.0.0.1:3306'), owner: 'cli:x', reason: 'x', beganAt: Date.now(), until: Date.now() + 99_999_999 * 86_400_000 }];
    const { control, recovery } = await start(fake, store);
    killPrimary(fake);
    const blocked = await until('the refusal', async () => recovery.blockedRecoveries()[0], 5000);
    expect(blocked.reason).toMatch(/^the recovery gates cannot be checked: orc_store_failed: store: the downtime of 127\.0\.0\.1:3306 ends at \d+, which is no valid time/);
    expect(control.calls.filter((c) => !c.startsWith('executedGtid'))).toEqual([]);
  });

  it('takes over a recovery a killed orc left before promoting: undoes it, then recovers at once (no anti-flap block)', async () => {
    const fake = healthy();
    const store = new MemoryStore();
    killPrimary(fake);
    // The killed orc had stopped the replicas' IO threads and was running its preFailover hook.
    const stopped = { ioState: 'no' as const, lagSeconds: null };
    fake.set(makeFacts('127.0.0.1:3307', { source: '127.0.0.1:3306', serverId: 2, replicas: ['127.0.0.1:3309'], channel: stopped }));
    fake.set(makeFacts('127.0.0.1:3308', { source: '127.0.0.1:3306', serverId: 3, channel: stopped }));
    const now = Date.now();
    await store.registerRecovery(
      makeRecovery({
        id: 'killed',
        clusterAlias: 'main',
        startedAt: now - 2_000,
        runner: 'killed-orc:1:abc',
        renewedAt: now - 2_000,
        progress: { ...NO_PROGRESS, stopped: [parseInstanceKey('127.0.0.1:3307'), parseInstanceKey('127.0.0.1:3308')], hooksRun: ['onFailureDetection'] },
      }),
    );
    const quick = parseConfig({ ...raw, recovery: { resumeAfterMs: 3_000 } });
    const { control } = await start(fake, store, { config: quick, reachable: 3 });
    const done = await until('a new recovery to succeed', async () => (await store.listRecoveries()).find((r) => r.id !== 'killed' && r.status === 'succeeded'), 15_000);
    const killed = (await store.getRecovery('killed'))!.record;
    expect(killed.status).toBe('abandoned');
    expect(done.startedAt).toBeGreaterThanOrEqual(killed.endedAt!);
    // The IO threads were restarted by the rollback before the new recovery stopped them again.
    expect(control.calls.indexOf('startReplica 127.0.0.1:3307')).toBeLessThan(control.calls.findIndex((c) => c.startsWith('resetReplicaAll')));
  }, 20_000);
});

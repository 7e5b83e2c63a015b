import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { DiscoveryLoop, type ProbeOutcome } from '../../../core/discovery/discovery-loop.js';
import type { HookRunner } from '../../../core/hooks/hook-runner.js';
import { formatInstanceKey, type InstanceKey } from '../../../core/model/instance-key.js';
import { systemClock } from '../../../core/ports/clock.js';
import { silentLogger } from '../../../core/ports/logger.js';
import type { Probe } from '../../../core/ports/probe.js';
import type { ProbeScheduler } from '../../../core/recovery/probe-scheduler.js';
import { RecoveryLoop } from '../../../core/recovery/recovery-loop.js';
import { makeFacts } from '../../support/facts-builder.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { FakeReplicationControl } from '../../support/fake-replication-control.js';
import { MemoryStore } from '../../support/memory-store.js';
import { until } from '../../support/service-harness.js';

const A = ['127.0.0.1:3306', '127.0.0.1:3307', '127.0.0.1:3308'] as const;
const B = ['127.0.0.1:4306', '127.0.0.1:4307', '127.0.0.1:4308'] as const;
const config = parseConfig({
  topology: { user: 'orc' },
  replication: { user: 'repl' },
  discovery: { seeds: [A[0], B[0]], pollIntervalMs: 100 },
  clusters: [
    { alias: 'a', seeds: [A[0]] },
    { alias: 'b', seeds: [B[0]] },
  ],
});
const noHooks: HookRunner = { run: async () => ({ exitCode: 0, signal: null, durationMs: 0, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: null }) };

function cluster(fake: FakeProbe, [primary, r1, r2]: readonly string[], firstId: number): void {
  fake.set(makeFacts(primary!, { readOnly: false, replicas: [r1!, r2!], serverId: firstId }));
  fake.set(makeFacts(r1!, { source: primary, serverId: firstId + 1 }));
  fake.set(makeFacts(r2!, { source: primary, serverId: firstId + 2 }));
}

function killPrimary(fake: FakeProbe, [primary, r1, r2]: readonly string[], firstId: number): void {
  fake.setDown(primary!);
  const lost = { ioState: 'connecting' as const, lastIoErrno: 2003, lastIoError: "Can't connect to server", lagSeconds: null };
  fake.set(makeFacts(r1!, { source: primary, serverId: firstId + 1, channel: lost }));
  fake.set(makeFacts(r2!, { source: primary, serverId: firstId + 2, channel: lost }));
}

/**
 * Discovery as the recovery loop sees it, except that on-demand probes touching cluster A hang while `hang` is
 * set (a server that accepts the connection and never answers), until released.
 */
class HangingScheduler implements ProbeScheduler {
  hang = false;
  readonly hung: InstanceKey[][] = [];
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly discovery: DiscoveryLoop) {}

  subscribe(listener: (outcome: ProbeOutcome) => void): () => void {
    return this.discovery.subscribe(listener);
  }

  async probeNow(keys: readonly InstanceKey[]): Promise<ProbeOutcome[]> {
    if (this.hang && keys.some((k) => A.includes(formatInstanceKey(k) as (typeof A)[number]))) {
      this.hung.push([...keys]);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    return this.discovery.probeNow(keys);
  }

  release(): void {
    this.hang = false;
    for (const resume of this.waiting.splice(0)) resume();
  }
}

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
});

describe('confirmation re-probes of different clusters', () => {
  it('run side by side: cluster B fails over while the confirmation of cluster A hangs', async () => {
    const fake = new FakeProbe();
    cluster(fake, A, 1);
    cluster(fake, B, 11);
    const store = new MemoryStore();
    const probe: Probe = { probe: async (k, s) => ({ ...(await fake.probe(k, s)), observedAt: Date.now() }), close: async () => {} };
    const deps = { config, store, probe, control: new FakeReplicationControl().simulate(fake), hookRunner: noHooks, clock: systemClock, logger: silentLogger, orcHost: 'test' };
    const discovery = new DiscoveryLoop(deps);
    const scheduler = new HangingScheduler(discovery);
    const recovery = new RecoveryLoop(deps, scheduler);
    await discovery.start();
    running.push(discovery);
    await recovery.start();
    running.push(recovery, { stop: async () => scheduler.release() });
    await until('both clusters discovered', async () => (await store.listInstances()).filter((i) => i.reachable).length === 6, 5000);

    scheduler.hang = true;
    killPrimary(fake, A, 1);
    await until('the confirmation of cluster A to hang in its re-probe', async () => scheduler.hung.length > 0, 5000);
    killPrimary(fake, B, 11);

    const b = await until('cluster B to be recovered', async () => (await store.listRecoveries()).find((r) => r.status !== 'running'), 5000);
    expect(b).toMatchObject({ status: 'succeeded', failed: { port: 4306 } });
    // A's confirmation is still held: nothing of A was recovered, and its re-probe has not been released.
    expect(scheduler.hang).toBe(true);
    expect((await store.listRecoveries()).map((r) => r.failed.port)).toEqual([4306]);

    scheduler.release();
    const a = await until('cluster A to be recovered once its re-probe answers', async () => (await store.listRecoveries()).find((r) => r.failed.port === 3306 && r.status !== 'running'), 5000);
    expect(a.status).toBe('succeeded');
  });
});

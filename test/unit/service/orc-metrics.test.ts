import { setTimeout as sleep } from 'node:timers/promises';
import { series } from '../../support/metric-series.js';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import type { HookRunner } from '../../../core/hooks/hook-runner.js';
import type { InstanceKey } from '../../../core/model/instance-key.js';
import { systemClock } from '../../../core/ports/clock.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { OrcService } from '../../../src/service/orc-service.js';
import { makeFacts } from '../../support/facts-builder.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { FakeReplicationControl } from '../../support/fake-replication-control.js';
import { MemoryStore } from '../../support/memory-store.js';
import { makeRecovery } from '../../support/recovery-builder.js';
import { until } from '../../support/service-harness.js';

const config = parseConfig({
  topology: { user: 'orc' },
  discovery: { seeds: ['127.0.0.1:3306', '127.0.0.1:3310'], pollIntervalMs: 100 },
  service: { leaseMs: 400, renewMs: 50 },
});

const noHooks: HookRunner = {
  run: async () => ({ exitCode: 0, signal: null, durationMs: 0, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: null }),
};

/** Every probe takes PROBE_MS, so its latency lands above the 10 ms bucket. */
const PROBE_MS = 15;

const running: OrcService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** A primary whose single replica does not replicate, and a seed that does not answer. */
function slowProbe(): FakeProbe {
  const fake = new FakeProbe()
    .set(makeFacts('127.0.0.1:3306', { replicas: ['127.0.0.1:3307'] }))
    .set(makeFacts('127.0.0.1:3307', { source: '127.0.0.1:3306', serverId: 2, channel: { sqlRunning: false } }));
  const probe = fake.probe.bind(fake);
  fake.probe = async (key: InstanceKey, signal?: AbortSignal) => {
    await sleep(PROBE_MS);
    return probe(key, signal);
  };
  return fake;
}

function service(store: MemoryStore, probe: FakeProbe): OrcService {
  const orc = new OrcService({ config, store, probe, control: new FakeReplicationControl(), hookRunner: noHooks, clock: systemClock, logger: silentLogger, orcHost: 'orc-a', version: '9.9.9' });
  running.push(orc);
  return orc;
}


describe('OrcService metrics', () => {
  it('exposes probes, latency, instances, findings, recoveries and leadership in the Prometheus text format', async () => {
    const store = new MemoryStore();
    await store.registerRecovery(makeRecovery({ id: 'r1' }));
    await store.finishRecovery('r1', { status: 'succeeded', endedAt: 1_000_500, successor: null, lost: [], summary: 'done' });
    await store.registerRecovery(makeRecovery({ id: 'r2', cluster: '127.0.0.1:4406', kind: 'dead-intermediate' }));
    await store.finishRecovery('r2', { status: 'failed', endedAt: 1_000_600, successor: null, lost: [], summary: 'no' });
    const leader = service(store, slowProbe());
    await leader.start();
    await until('a few probes of each server', async () => (await leader.metricsText()).body.match(/orc_probes_total\{outcome="failed"\} ([3-9]|\d\d)/), 5000);
    await until('an analysis finding', async () => [...leader.recovery.latestFindings().values()].some((f) => f.length > 0), 5000);

    const { contentType, body } = await leader.metricsText();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const ok = series(body, 'orc_probes_total{outcome="ok"}')!;
    const failed = series(body, 'orc_probes_total{outcome="failed"}')!;
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(failed).toBeGreaterThanOrEqual(3);
    expect(series(body, 'orc_probe_duration_seconds_count{outcome="ok"}')).toBe(ok);
    expect(series(body, 'orc_probe_duration_seconds_bucket{le="0.01",outcome="ok"}')).toBe(0);
    expect(series(body, 'orc_probe_duration_seconds_bucket{le="5",outcome="ok"}')).toBe(ok);
    expect(series(body, 'orc_probe_duration_seconds_sum{outcome="ok"}')).toBeGreaterThanOrEqual((ok * PROBE_MS * 0.9) / 1000);
    expect(series(body, 'orc_instances{state="reachable"}')).toBe(2);
    expect(series(body, 'orc_instances{state="unreachable"}')).toBe(1);
    expect(series(body, 'orc_analysis_findings{code="PrimarySingleReplicaNotReplicating",kind="informational"}')).toBe(1);
    expect(series(body, 'orc_recoveries{kind="dead-primary",status="succeeded"}')).toBe(1);
    expect(series(body, 'orc_recoveries{kind="dead-intermediate",status="failed"}')).toBe(1);
    expect(series(body, 'orc_leader')).toBe(1);
    expect(series(body, 'orc_lease_epoch')).toBe(1);
    expect(body).toContain('process_cpu_user_seconds_total');
  });

  it('gives each service its own registry: a follower shows no probes, no findings and orc_leader 0', async () => {
    const store = new MemoryStore();
    const leader = service(store, slowProbe());
    const follower = service(store, slowProbe());
    await leader.start();
    await follower.start();
    await until('the leader to probe', async () => (series((await leader.metricsText()).body, 'orc_probes_total{outcome="ok"}') ?? 0) > 0, 5000);
    const { body } = await follower.metricsText();
    expect(series(body, 'orc_leader')).toBe(0);
    expect(series(body, 'orc_lease_epoch')).toBe(1);
    expect(series(body, 'orc_probes_total{outcome="ok"}')).toBe(0);
    expect(body).not.toMatch(/^orc_analysis_findings\{/m);
  });
});

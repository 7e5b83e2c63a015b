import { describe, expect, it } from 'vitest';
import { makeRecovery } from '../../support/recovery-builder.js';
import { CLUSTER, P, R1, R2, T0 } from '../commands/command-fixture.js';
import { apiFixture, READ_TOKEN } from './api-fixture.js';

describe('API read paths (a read credential is enough)', () => {
  it('clusters lists names; clusters-info the overview with readiness', async () => {
    const f = await apiFixture();
    expect((await f.call('GET', '/api/clusters', { token: READ_TOKEN })).body).toEqual([P]);
    const info = await f.call('GET', '/api/clusters-info', { token: READ_TOKEN });
    expect(info.status).toBe(200);
    expect(info.body).toEqual([
      expect.objectContaining({ name: P, alias: CLUSTER, primary: P, primaryReachable: true, instances: 3, reachable: 3, headless: null, error: null }),
    ]);
    expect(info.body[0].recovery).toMatchObject({ wouldRecover: true, configEnabled: true, globalEnabled: true });
  });

  it('cluster/:clusterHint is the topology as JSON and topology/:clusterHint the tree as lines, by alias or member', async () => {
    const f = await apiFixture();
    const cluster = await f.call('GET', `/api/cluster/${CLUSTER}`, { token: READ_TOKEN });
    expect(cluster.status).toBe(200);
    expect(cluster.body.cluster).toEqual({ name: P, alias: CLUSTER, primary: P });
    expect(cluster.body.instances.map((i: { instance: string; primary: string | null }) => [i.instance, i.primary])).toEqual([
      [P, null],
      [R1, P],
      [R2, P],
    ]);
    const topology = await f.call('GET', `/api/topology/${encodeURIComponent(R2)}`, { token: READ_TOKEN });
    expect(topology.status).toBe(200);
    expect(topology.body).toMatchObject({ cluster: P, alias: CLUSTER });
    expect(topology.body.lines[0]).toContain(P);
    expect(topology.body.lines.some((l: string) => l.includes(R1))).toBe(true);
  });

  it('instance/:host/:port shows what orc knows, and probes it with ?live=true', async () => {
    const f = await apiFixture();
    const res = await f.call('GET', `/api/instance/127.0.0.1/3307`, { token: READ_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ instance: R1, host: '127.0.0.1', port: 3307, cluster: P, primary: P, known: true, reachable: true });
    expect(f.probe.calls).toEqual([]);
    expect((await f.call('GET', `/api/instance/127.0.0.1/3307?live=true`, { token: READ_TOKEN })).status).toBe(200);
    expect(f.probe.calls).toEqual([R1]);
  });

  it('replication-analysis of every cluster and of one', async () => {
    const f = await apiFixture({ facts: { [P]: { readOnly: true } } });
    const all = await f.call('GET', '/api/replication-analysis', { token: READ_TOKEN });
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(1);
    expect(all.body[0]).toMatchObject({ cluster: P, alias: CLUSTER, error: null });
    expect(all.body[0].findings.map((x: { instance: string; code: string }) => [x.instance, x.code])).toContainEqual([P, 'HeadlessCluster']);
    const one = await f.call('GET', `/api/replication-analysis/${CLUSTER}`, { token: READ_TOKEN });
    expect(one.body).toEqual(all.body);
  });

  it('audit, audit-recovery, audit-recovery-steps and blocked-recoveries', async () => {
    const f = await apiFixture();
    await f.call('POST', '/api/disable-global-recoveries');
    await f.store.registerRecovery(makeRecovery({ id: 'rec1', cluster: P, clusterAlias: CLUSTER, startedAt: T0 - 1000 }));
    await f.store.finishRecovery('rec1', { status: 'succeeded', endedAt: T0 - 500, summary: 'recovered', successor: { host: '127.0.0.1', port: 3307 }, lost: [], dataLoss: false });
    await f.store.recordStep({ recoveryId: 'rec1', index: 1, name: 'designate', status: 'ok', startedAt: T0 - 900, endedAt: T0 - 800, message: 'chose R1' });
    const audit = await f.call('GET', '/api/audit?limit=5', { token: READ_TOKEN });
    expect(audit.status).toBe(200);
    expect(audit.body[0]).toMatchObject({ action: 'disable-global-recoveries', actor: 'api:ops', outcome: 'ok' });
    expect((await f.call('GET', `/api/audit/${CLUSTER}`, { token: READ_TOKEN })).body).toEqual([]);
    const recoveries = await f.call('GET', '/api/audit-recovery', { token: READ_TOKEN });
    expect(recoveries.body.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([['rec1', 'succeeded']]);
    expect((await f.call('GET', `/api/audit-recovery/${CLUSTER}`, { token: READ_TOKEN })).body).toHaveLength(1);
    const steps = await f.call('GET', '/api/audit-recovery-steps/rec1', { token: READ_TOKEN });
    expect(steps.status).toBe(200);
    expect(steps.body.steps).toEqual([expect.objectContaining({ index: 1, name: 'designate', status: 'ok', durationMs: 100, message: 'chose R1' })]);
    const blocked = await f.call('GET', '/api/blocked-recoveries', { token: READ_TOKEN });
    expect(blocked.body).toEqual([expect.objectContaining({ name: P, blockedUntil: T0 - 1000 + 3_600_000 })]);
    const unknown = await f.call('GET', '/api/audit-recovery-steps/nope', { token: READ_TOKEN });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'orc_unknown_recovery']);
    const malformed = await f.call('GET', '/api/audit-recovery-steps/no%20such', { token: READ_TOKEN });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'orc_bad_input']);
  });
});

describe('API service status and health', () => {
  it('status names the holder, leadership, lease, start and version', async () => {
    const f = await apiFixture();
    const res = await f.call('GET', '/api/status', { token: READ_TOKEN });
    expect(res.body).toEqual({
      holder: 'orc-test:1:abc',
      leader: true,
      acting: true,
      notActing: null,
      lease: { holder: 'orc-test:1:abc', acquiredAt: T0, expiresAt: T0 + 5000, epoch: 3 },
      started: T0,
      version: '9.9.9',
    });
    f.service.acting = false;
    f.service.notActing = 'store unreachable since 2023-11-14T22:13:20.000Z: orc_store_failed: connect ECONNREFUSED';
    expect((await f.call('GET', '/api/status', { token: READ_TOKEN })).body.notActing).toBe(f.service.notActing);
  });

  it('nodes lists the services on the store with their age and role, stale ones marked', async () => {
    const f = await apiFixture();
    const now = f.ctx.clock.now();
    await f.store.recordNodeHeartbeat({ holder: 'orc-a:1:x', host: 'a', pid: 1, version: '9.9.9', startedAt: now - 60_000, lastSeenAt: now - 500, role: 'leader' });
    await f.store.recordNodeHeartbeat({ holder: 'orc-b:2:y', host: 'b', pid: 2, version: '9.9.9', startedAt: now - 60_000, lastSeenAt: now - 3_600_000, role: 'follower' });
    const res = await f.call('GET', '/api/nodes', { token: READ_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({ holder: 'orc-a:1:x', role: 'leader', stale: false }),
      expect.objectContaining({ holder: 'orc-b:2:y', role: 'follower', stale: true }),
    ]);
    expect((await f.call('GET', '/api/nodes', { token: null })).status).toBe(401);
  });

  it('leader-check is 200 on the leader and 404 on a follower', async () => {
    const f = await apiFixture();
    expect((await f.call('GET', '/api/leader-check', { token: null })).status).toBe(200);
    f.service.leader = false;
    f.service.acting = false;
    const follower = await f.call('GET', '/api/leader-check', { token: null });
    expect([follower.status, follower.body.leader]).toEqual([404, false]);
  });

  it('ready: 200 for an acting leader and a follower; 503 for a leader whose loops do not run, or a dead store', async () => {
    const f = await apiFixture();
    expect((await f.call('GET', '/health/ready', { token: null })).status).toBe(200);
    f.service.leader = false;
    f.service.acting = false;
    expect((await f.call('GET', '/health/ready', { token: null })).body).toMatchObject({ ready: true, reason: 'following the leader' });
    f.service.leader = true;
    const idle = await f.call('GET', '/health/ready', { token: null });
    expect([idle.status, idle.body.ready]).toEqual([503, false]);
    expect(idle.body.reason).toMatch(/loops are not running/);
    f.service.acting = true;
    f.store.getSetting = async () => {
      throw new Error('connection lost');
    };
    const dead = await f.call('GET', '/health/ready', { token: null });
    expect(dead.status).toBe(503);
    expect(dead.body.reason).toMatch(/store does not answer/);
    const health = await f.call('GET', '/api/health', { token: READ_TOKEN });
    expect([health.status, health.body.healthy]).toEqual([503, false]);
    expect((await f.call('GET', '/health/live', { token: null })).body).toEqual({ live: true });
  });

  it('metrics: the injected registry, else process metrics in Prometheus text', async () => {
    const injected = await apiFixture({ metricsText: async () => ({ contentType: 'text/plain; version=0.0.4', body: 'orc_up 1\n' }) });
    const res = await injected.call('GET', '/metrics', { token: null });
    expect([res.status, res.body]).toEqual([200, 'orc_up 1\n']);
    const fallback = await apiFixture();
    const text = (await fallback.call('GET', '/metrics', { token: null })).body as string;
    expect(text).toMatch(/^# HELP orc_process_cpu_user_seconds_total/m);
  });
});

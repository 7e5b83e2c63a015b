import { describe, expect, it } from 'vitest';
import { acknowledgeRecoveries } from '../../../core/commands/acknowledge-recoveries.js';
import { clusterAnalysis } from '../../../core/commands/cluster-analysis.js';
import { clustersOverview } from '../../../core/commands/clusters-overview.js';
import { listRecoveries } from '../../../core/commands/list-recoveries.js';
import { recoveryDetail } from '../../../core/commands/recovery-detail.js';
import { setRecoveriesEnabled } from '../../../core/commands/set-recoveries-enabled.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import type { RecoveryRecord } from '../../../core/ports/recovery-store.js';
import { makeChannel } from '../../support/facts-builder.js';
import { makeRecovery } from '../../support/recovery-builder.js';
import { CLUSTER, commandFixture, P, R1, R2, rejection, T0 } from './command-fixture.js';

function recovery(id: string, overrides: Partial<RecoveryRecord> = {}): RecoveryRecord {
  return makeRecovery({
    id, cluster: P, clusterAlias: CLUSTER, failed: parseInstanceKey(P), successor: parseInstanceKey(R1), actor: 'service', startedAt: T0 - 60_000, summary: 's',
    ...overrides,
  });
}

async function finished(f: Awaited<ReturnType<typeof commandFixture>>, r: RecoveryRecord): Promise<void> {
  await f.store.registerRecovery(r);
  await f.store.finishRecovery(r.id, { status: 'succeeded', endedAt: r.startedAt + 100, successor: r.successor, lost: [], summary: 'done' });
}

describe('recoveries, ack and readiness', () => {
  it('says per cluster whether orc would recover now, and why not', async () => {
    const f = await commandFixture();
    expect((await clustersOverview(f.ctx))[0]!.recovery!.readiness).toEqual({ allowed: true, reason: 'would recover if the primary died now' });
    // A recovery filed under an older cluster name still counts: its successor is a member now.
    await finished(f, recovery('r1', { cluster: '127.0.0.1:9999', clusterAlias: null }));
    const [blocked] = await clustersOverview(f.ctx);
    expect(blocked!.recovery!.readiness.allowed).toBe(false);
    expect(blocked!.recovery!.readiness.reason).toMatch(/^blocked: cluster shop was recovered 1m00s ago; anti-flap block for 59m00s more unless acknowledged$/);
    expect(blocked!.recovery!.lastRecovery?.id).toBe('r1');
    expect(blocked).toMatchObject({ instances: 3, reachable: 3 });

    const ack = await acknowledgeRecoveries(f.ctx, CLUSTER, 'seen it');
    expect(ack.acknowledged.map((r) => r.id)).toEqual(['r1']);
    expect((await clustersOverview(f.ctx))[0]!.recovery!.readiness.allowed).toBe(true);
    expect((await acknowledgeRecoveries(f.ctx, CLUSTER)).acknowledged).toEqual([]);
    expect((await f.store.listAudit()).map((a) => a.action)).toEqual(['ack-recoveries', 'ack-recoveries']);
  });

  it('shows the global switch and downtime in the readiness', async () => {
    const f = await commandFixture();
    expect(await setRecoveriesEnabled(f.ctx, false)).toEqual({ enabled: false, configEnabled: true });
    expect((await clustersOverview(f.ctx))[0]!.recovery!.readiness.reason).toBe('recoveries are disabled globally (enable global recoveries to allow)');
    await setRecoveriesEnabled(f.ctx, true);
    await f.store.beginDowntime({ instance: parseInstanceKey(P), owner: 'x', reason: 'y', beganAt: T0, until: T0 + 600_000 });
    const [status] = await clustersOverview(f.ctx);
    expect(status!.recovery!.readiness.reason).toMatch(/^127\.0\.0\.1:3306 is downtimed until/);
    expect(status!.recovery!.primaryDowntimedUntil).toBe(T0 + 600_000);
    expect(await f.store.getSetting('recovery.enabled')).toBe('true');
  });

  it('lists recoveries of a cluster matched by name, alias or member, and one with its steps', async () => {
    const f = await commandFixture();
    await finished(f, recovery('a1'));
    await finished(f, recovery('b1', { cluster: 'other:1', clusterAlias: 'other', failed: parseInstanceKey('10.0.0.1:3306'), successor: null, startedAt: T0 - 1000 }));
    expect((await listRecoveries(f.ctx)).map((r) => r.id)).toEqual(['b1', 'a1']);
    expect((await listRecoveries(f.ctx, CLUSTER)).map((r) => r.id)).toEqual(['a1']);
    expect((await listRecoveries(f.ctx, 'other')).map((r) => r.id)).toEqual(['b1']);
    expect((await listRecoveries(f.ctx, undefined, 1)).map((r) => r.id)).toEqual(['b1']);
    await f.store.recordStep({ recoveryId: 'a1', index: 1, name: 'promote', status: 'ok', startedAt: T0, endedAt: T0 + 5, message: 'm' });
    expect((await recoveryDetail(f.ctx, 'a1')).steps).toHaveLength(1);
    expect(await rejection(recoveryDetail(f.ctx, 'nope'))).toMatchObject({ code: 'orc_unknown_recovery', message: 'unknown recovery "nope" (orc recoveries lists them)' });
    expect(await rejection(listRecoveries(f.ctx, 'nothing-here'))).toMatchObject({ code: 'orc_unknown_cluster' });
  });
});

describe('analysis', () => {
  it('reports codes per instance over the stored records and gates actionable ones', async () => {
    const f = await commandFixture();
    const [healthy] = await clusterAnalysis(f.ctx);
    expect(healthy!.findings).toEqual([]);
    expect(healthy!.recovery!.readiness.allowed).toBe(true);

    const connecting = makeChannel(P, { ioState: 'connecting', lagSeconds: null, lastIoErrno: 2003 });
    for (const r of [R1, R2]) {
      const record = (await f.store.getInstance(parseInstanceKey(r)))!;
      await f.store.recordObservation({ facts: { ...record.facts!, replication: [connecting] }, clusterName: P });
    }
    await f.store.recordProbeFailure({ key: parseInstanceKey(P), at: T0, error: 'orc_unreachable: ECONNREFUSED' }, P);
    const [dead] = await clusterAnalysis(f.ctx, CLUSTER);
    const codes = dead!.findings.map((x) => [x.finding.code, x.gate?.allowed ?? null]);
    expect(codes).toContainEqual(['DeadPrimary', true]);

    await f.store.setSetting('recovery.enabled', 'false', T0);
    const [off] = await clusterAnalysis(f.ctx, P);
    expect(off!.findings.find((x) => x.finding.code === 'DeadPrimary')!.gate).toEqual({
      allowed: false,
      reason: 'recoveries are disabled globally (enable global recoveries to allow)',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { clusterAnalysis } from '../../../core/commands/cluster-analysis.js';
import { clusterTopology } from '../../../core/commands/cluster-topology.js';
import { recoveryDetail } from '../../../core/commands/recovery-detail.js';
import { buildHookValues } from '../../../core/hooks/hook-values.js';
import { formatInstanceKey, parseInstanceKey } from '../../../core/model/instance-key.js';
import { NO_PROGRESS } from '../../../core/ports/recovery-store.js';
import { dataLossGtidsText } from '../../../core/recovery/data-loss-text.js';
import { recoveryText } from '../../../src/cli/format/recovery-text.js';
import { topologyText } from '../../../src/cli/format/topology-text.js';
import { makeRecovery } from '../../support/recovery-builder.js';
import { commandFixture, P, T0 } from './command-fixture.js';

const OLD = '127.0.0.1:3305';
const LOST = '127.0.0.1:3310';
const progress = { ...NO_PROGRESS, phase: 'promoted' as const, lost: [parseInstanceKey(LOST)], dataLossFrom: [parseInstanceKey(LOST)], dataLossGtids: { [LOST]: '0-10-7' } };

/** A cluster whose primary P replaced OLD in recovery r1, which lost LOST (errant) and found OLD diverged. */
async function afterFailover() {
  const f = await commandFixture();
  await f.store.registerRecovery(makeRecovery({ id: 'r1', cluster: P, failed: parseInstanceKey(OLD), startedAt: T0 - 60_000, progress }));
  await f.store.finishRecovery('r1', { status: 'succeeded', endedAt: T0 - 59_000, successor: parseInstanceKey(P), lost: [parseInstanceKey(LOST)], dataLoss: true, summary: 'promoted' });
  await f.store.recordFence({ instance: parseInstanceKey(OLD), cluster: P, recoveryId: 'r1', fencedAt: T0 - 59_000, state: 'diverged', updatedAt: T0 - 50_000, detail: 'diverged: its new source refused it (error 1236): re-seed it' });
  await f.store.recordProbeFailure({ key: parseInstanceKey(OLD), at: T0 - 50_000, error: 'orc_unreachable: connect ECONNREFUSED' }, OLD);
  return f;
}

describe('servers a recovery left outside the cluster', () => {
  it('orc analysis gives the diverged former primary and the lost replica a finding each, with the fix', async () => {
    const f = await afterFailover();
    const findings = (await clusterAnalysis(f.ctx))[0]!.findings.map((v) => v.finding);
    expect(findings.filter((x) => x.code === 'DivergedFormerPrimary' || x.code === 'LostReplica').map((x) => [x.code, formatInstanceKey(x.instance), x.details])).toEqual([
      ['DivergedFormerPrimary', OLD, expect.objectContaining({ recovery: 'r1', dataLoss: true, fix: `re-seed ${OLD} from ${P}, then orc unfence ${OLD}` })],
      ['LostReplica', LOST, expect.objectContaining({ recovery: 'r1', dataLoss: true, fix: `re-seed ${LOST} from ${P}` })],
    ]);
  });

  it('orc topology marks them below the tree', async () => {
    const f = await afterFailover();
    const lines = topologyText(await clusterTopology(f.ctx, P));
    expect(lines).toContain(`! ${OLD}  [DIVERGED former primary: re-seed it, then orc unfence; recovery r1; since 2023-11-14T22:12:21Z]  DATA LOSS: holds transactions the primary lacks  (diverged: its new source refused it (error 1236): re-seed it)`);
    expect(lines.some((l) => l.startsWith(`! ${LOST}  [LOST replica: re-seed it; recovery r1]  DATA LOSS`))).toBe(true);
  });

  it('orc topology no longer lists a former primary once it is forgotten (its fence stays, for safety)', async () => {
    const f = await afterFailover();
    await f.store.forgetInstance(parseInstanceKey(OLD));
    const lines = topologyText(await clusterTopology(f.ctx, P));
    expect(lines.some((l) => l.startsWith(`! ${OLD}`))).toBe(false);
    expect(lines.some((l) => l.startsWith(`! ${LOST}`))).toBe(true);
    expect((await f.store.listFenced()).map((x) => formatInstanceKey(x.instance))).toEqual([OLD]);
  });

  it('orc recovery shows the data loss with its GTIDs and the fence verdict', async () => {
    const f = await afterFailover();
    const detail = await recoveryDetail(f.ctx, 'r1');
    expect(detail.fence).toMatchObject({ state: 'diverged' });
    const text = recoveryText(detail.record, detail.steps, detail.fence);
    expect(text).toContain(`  DATA LOSS: ${LOST} (0-10-7) hold transactions the new primary lacks`);
    expect(text).toContain(`  fence on ${OLD}: diverged: diverged: its new source refused it (error 1236): re-seed it`);
  });

  it('hooks receive the lost GTIDs as {dataLossGtids} and ORC_DATA_LOSS_GTIDS', () => {
    const gtids = dataLossGtidsText(progress);
    expect(gtids).toBe(`${LOST}=0-10-7`);
    const values = buildHookValues({
      failureType: 'DeadPrimary', instanceType: 'master', isPrimary: true, isCoPrimary: false, failureDescription: '', failedHost: '127.0.0.1', failedPort: 3305,
      failureCluster: P, countReplicas: 2, isDowntimed: false, autoPrimaryRecovery: true, autoIntermediatePrimaryRecovery: true, orcHost: 'orc', recoveryUID: 'r1',
      isSuccessful: true, lostReplicas: [parseInstanceKey(LOST)], replicaHosts: [], isDataLoss: true, dataLossReplicas: [parseInstanceKey(LOST)], dataLossGtids: gtids,
    });
    expect(values.env['ORC_DATA_LOSS_GTIDS']).toBe(`${LOST}=0-10-7`);
    expect(values.env['ORC_IS_DATA_LOSS']).toBe('true');
    expect(values.placeholders.get('dataLossGtids')).toBe(`${LOST}=0-10-7`);
  });
});

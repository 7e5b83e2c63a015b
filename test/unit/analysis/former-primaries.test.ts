import { describe, expect, it } from 'vitest';
import { describeFormerPrimary, placeFormerPrimaries } from '../../../core/analysis/former-primaries.js';
import type { ClusterRecord } from '../../../core/model/instance.js';
import { formatInstanceKey, parseInstanceKey } from '../../../core/model/instance-key.js';
import type { FencedInstance, FenceState } from '../../../core/ports/recovery-store.js';
import { makeRecord } from '../../support/facts-builder.js';
import { makeRecovery } from '../../support/recovery-builder.js';

const OLD = '127.0.0.1:3306';
const NEW = '127.0.0.1:3307';
const FENCED_AT = Date.UTC(2026, 11, 4, 6, 1, 2);

function cluster(name: string, alias: string | null): ClusterRecord {
  return { name, alias, primary: parseInstanceKey(name), updatedAt: 0 };
}

function fence(state: FenceState, instance = OLD): FencedInstance {
  return { instance: parseInstanceKey(instance), cluster: OLD, recoveryId: 'r1', fencedAt: FENCED_AT, state, updatedAt: FENCED_AT, detail: 'fenced by r1' };
}

// After a failover from OLD to NEW: NEW leads the aliased cluster, the dead OLD is a root of its own.
const clusters = [cluster(OLD, null), cluster(NEW, 'main')];
const deadOld = makeRecord(OLD, null, { clusterName: OLD });
const members = [deadOld, makeRecord(NEW, null, { clusterName: NEW, reachable: true }), makeRecord('127.0.0.1:3308', null, { clusterName: NEW, reachable: true })];
const recovery = makeRecovery({ id: 'r1', cluster: OLD, clusterAlias: 'main', successor: parseInstanceKey(NEW), status: 'succeeded' });

describe('placeFormerPrimaries', () => {
  it('shows a dead fenced former primary inside the cluster of its successor and folds its own cluster away', () => {
    const placed = placeFormerPrimaries(clusters, members, [fence('fenced')], [recovery]);
    expect([...placed.folded]).toEqual([OLD]);
    const formers = placed.byCluster.get(NEW) ?? [];
    expect(formers.map((f) => [formatInstanceKey(f.instance), f.state, f.recoveryId, f.fencedSince])).toEqual([[OLD, 'awaiting-return', 'r1', FENCED_AT]]);
    expect(placed.byCluster.has(OLD)).toBe(false);
  });

  it('tells a former primary that answers again, or one found diverged', () => {
    const back = placeFormerPrimaries(clusters, [{ ...deadOld, reachable: true }, ...members.slice(1)], [fence('fenced')], [recovery]);
    expect(back.byCluster.get(NEW)?.[0]?.state).toBe('returned');
    const diverged = placeFormerPrimaries(clusters, members, [fence('diverged')], [recovery]);
    expect(diverged.byCluster.get(NEW)?.[0]?.state).toBe('diverged');
  });

  it('places nothing for a rejoined or pending fence, a forgotten server, or an unknown recovery', () => {
    for (const state of ['rejoined', 'pending'] as const) {
      expect(placeFormerPrimaries(clusters, members, [fence(state)], [recovery]).folded.size).toBe(0);
    }
    const forgotten = placeFormerPrimaries(clusters.slice(1), members.slice(1), [fence('fenced')], [recovery]);
    expect(forgotten.byCluster.size).toBe(0);
    expect(placeFormerPrimaries(clusters, members, [fence('fenced')], []).folded.size).toBe(0);
  });

  it('finds the cluster by alias when the successor is no longer known', () => {
    const placed = placeFormerPrimaries(clusters, [deadOld], [fence('fenced')], [recovery]);
    expect(placed.byCluster.get(NEW)?.length).toBe(1);
  });

  it('keeps a cluster that still has a member of its own besides the former primary', () => {
    const stranded = makeRecord('127.0.0.1:3309', null, { clusterName: OLD });
    const placed = placeFormerPrimaries(clusters, [...members, stranded], [fence('fenced')], [recovery]);
    expect(placed.folded.size).toBe(0);
    expect(placed.byCluster.get(NEW)?.length).toBe(1);
  });

  it('describes it with the time it was fenced and what comes next', () => {
    const [former] = placeFormerPrimaries(clusters, members, [fence('diverged')], [recovery]).byCluster.get(NEW) ?? [];
    expect(describeFormerPrimary(former!)).toBe(
      'former primary 127.0.0.1:3306: fenced since 2026-12-04T06:01:02Z, DIVERGED: holds transactions the new primary lacks; re-seed it, then orc unfence (recovery r1)',
    );
  });
});

import type { DashboardContext } from './dashboard-context.js';
import { clusterTopology, type ClusterTopology } from './cluster-topology.js';
import { listClusters, type ClusterSummary } from './list-clusters.js';
import { listNodes, type NodeStatus } from './list-nodes.js';
import { listSeeds } from './list-seeds.js';
import type { Seed } from '../seeds/seed.js';
import { errorLine } from '../errors.js';
import { clusterRecoveryStatus, type ClusterRecoveryStatus } from './cluster-recovery-status.js';
import { flattenTopology } from '../model/topology-tree.js';
import { reconcileSelection } from '../model/reconcile-selection.js';
import { clusterAnalysis, type ClusterAnalysis } from './cluster-analysis.js';
import { listRecoveries } from './list-recoveries.js';
import { recoveryDetail, type RecoveryDetail } from './recovery-detail.js';
import { listAudit } from './list-audit.js';
import { rolloutViews } from './rollout-views.js';
import type { AuditEntry } from '../model/instance.js';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import type { Rollout } from '../rollouts/rollout.js';
import type { DashboardScreen } from './dashboard-screen.js';

/** What the screen on show needs beyond the cluster list, so a refresh reads only that. */
export interface DashboardQuery {
  readonly screen: DashboardScreen;
  /** The recovery drilled into on the recoveries screen, whose steps are read. */
  readonly recoveryId: string | null;
}

/** How many recent recoveries, seeds and audit entries the screens list. */
export const RECENT_LIMIT = 50;

/** Everything one dashboard refresh shows. */
export interface DashboardSnapshot {
  readonly clusters: readonly ClusterSummary[];
  readonly selectedName: string | null;
  /** The selected cluster's tree; null when there is no cluster or it could not be read. */
  readonly topology: ClusterTopology | null;
  /** Whether orc would recover the selected cluster now, and its latest recovery. */
  readonly recovery: ClusterRecoveryStatus | null;
  /** The orc services' health rows; null when they could not be read (the header then leaves them out). */
  readonly nodes: readonly NodeStatus[] | null;
  /** The active seeds, newest first; null when they could not be read. */
  readonly seeds: readonly Seed[] | null;
  readonly refreshedAt: number;
  /** Why the topology could not be read, as "code: message". */
  readonly error: string | null;
  /** Findings and recovery readiness of every cluster (clusters and problems screens), else null. */
  readonly analysis: readonly ClusterAnalysis[] | null;
  /** Recent recoveries, newest first (recoveries screen), else null. */
  readonly recoveries: readonly RecoveryRecord[] | null;
  /** The drilled-into recovery with its steps, else null. */
  readonly recoveryDetail: RecoveryDetail | null;
  /** Every rollout (seeds screen), else null. */
  readonly rollouts: readonly Rollout[] | null;
  /** The latest audit entries (audit screen), else null. */
  readonly audit: readonly AuditEntry[] | null;
}

/**
 * Reads the cluster list, and what the screen on show needs, through the core commands: the wanted cluster's
 * topology, every cluster's analysis, recent recoveries, seeds and rollouts, or the audit log. A failing cluster
 * list throws; a failing topology is returned as the snapshot's error so the list still updates.
 */
export async function loadDashboard(
  ctx: DashboardContext,
  wanted: string | null,
  previousIndex: number,
  query: DashboardQuery = { screen: 'clusters', recoveryId: null },
): Promise<DashboardSnapshot> {
  const clusters = await listClusters(ctx);
  const selectedName = reconcileSelection(
    clusters.map((c) => c.cluster.name),
    wanted,
    previousIndex,
  );
  let topology: ClusterTopology | null = null;
  let recovery: ClusterRecoveryStatus | null = null;
  let error: string | null = null;
  const { screen } = query;
  if (selectedName !== null && (screen === 'clusters' || screen === 'topology')) {
    try {
      topology = await clusterTopology(ctx, selectedName);
      recovery = await clusterRecoveryStatus(ctx, topology.cluster, flattenTopology(topology.trees).map((n) => n.record));
    } catch (err) {
      error = errorLine(err);
    }
  }
  const nodes = await listNodes(ctx).catch(() => null);
  const seeds = await listSeeds(ctx, screen === 'seeds' ? { limit: RECENT_LIMIT } : { active: true }).catch(() => null);
  const analysis = screen === 'clusters' || screen === 'problems' ? await clusterAnalysis(ctx) : null;
  const recoveries = screen === 'recoveries' ? await listRecoveries(ctx, undefined, RECENT_LIMIT) : null;
  const detail = screen === 'recoveries' && query.recoveryId !== null ? await recoveryDetail(ctx, query.recoveryId).catch(() => null) : null;
  const rollouts = screen === 'seeds' ? await rolloutViews(ctx).list() : null;
  const audit = screen === 'audit' ? await listAudit(ctx, { limit: RECENT_LIMIT }) : null;
  return {
    clusters,
    selectedName,
    topology,
    recovery,
    nodes,
    seeds,
    refreshedAt: ctx.clock.now(),
    error,
    analysis,
    recoveries,
    recoveryDetail: detail,
    rollouts,
    audit,
  };
}

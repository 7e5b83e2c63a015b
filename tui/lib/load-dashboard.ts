import type { DashboardContext } from './dashboard-context.js';
import { clusterTopology, type ClusterTopology } from '../../core/commands/cluster-topology.js';
import { listClusters, type ClusterSummary } from '../../core/commands/list-clusters.js';
import { listNodes, type NodeStatus } from '../../core/commands/list-nodes.js';
import { listSeeds } from '../../core/commands/list-seeds.js';
import type { Seed } from '../../core/seeds/seed.js';
import { errorLine } from '../../core/errors.js';
import { clusterRecoveryStatus, type ClusterRecoveryStatus } from '../../core/commands/cluster-recovery-status.js';
import { flattenTopology } from '../../core/model/topology-tree.js';
import { reconcileSelection } from './cluster-selection.js';

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
}

/**
 * Reads the cluster list and the wanted cluster's topology through the core commands; a failing cluster list
 * throws, a failing topology is returned as the snapshot's error so the list still updates.
 */
export async function loadDashboard(
  ctx: DashboardContext,
  wanted: string | null,
  previousIndex: number,
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
  if (selectedName !== null) {
    try {
      topology = await clusterTopology(ctx, selectedName);
      recovery = await clusterRecoveryStatus(ctx, topology.cluster, flattenTopology(topology.trees).map((n) => n.record));
    } catch (err) {
      error = errorLine(err);
    }
  }
  const nodes = await listNodes(ctx).catch(() => null);
  const seeds = await listSeeds(ctx, { active: true }).catch(() => null);
  return { clusters, selectedName, topology, recovery, nodes, seeds, refreshedAt: ctx.clock.now(), error };
}

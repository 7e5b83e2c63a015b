import type { CommandContext } from './command-context.js';
import { clusterRecoveryStatus, type ClusterRecoveryStatus } from './cluster-recovery-status.js';
import { listClusters, type ClusterSummary } from './list-clusters.js';

/** One line of `orc clusters`: health counts plus whether orc would recover the primary now, and why. */
export interface ClusterOverview extends ClusterSummary {
  readonly recovery: ClusterRecoveryStatus;
}

/** Lists every known cluster with its health counts and recovery readiness (policy, blocks, downtime, switch). */
export async function clustersOverview(ctx: Pick<CommandContext, 'store' | 'clock' | 'config'>): Promise<ClusterOverview[]> {
  const summaries = await listClusters(ctx);
  return Promise.all(
    summaries.map(async (summary) => {
      const members = await ctx.store.listInstances({ clusterName: summary.cluster.name });
      return { ...summary, recovery: await clusterRecoveryStatus(ctx, summary.cluster, members) };
    }),
  );
}

import { errorLine } from '../errors.js';
import type { CommandContext } from './command-context.js';
import { clusterRecoveryStatus, type ClusterRecoveryStatus } from './cluster-recovery-status.js';
import { listClusters, type ClusterSummary } from './list-clusters.js';

/** One line of `orc clusters`: health counts plus whether orc would recover the primary now, and why. */
export interface ClusterOverview extends ClusterSummary {
  /** null when it could not be told; `error` says why. */
  readonly recovery: ClusterRecoveryStatus | null;
  /** Why this cluster's recovery readiness could not be read (a bad stored row, say), as "code: message". */
  readonly error: string | null;
}

/**
 * Lists every known cluster with its health counts and recovery readiness (policy, blocks, downtime, switch); a
 * cluster whose readiness cannot be read carries its error and the others are listed as usual.
 */
export async function clustersOverview(ctx: Pick<CommandContext, 'store' | 'clock' | 'config'>): Promise<ClusterOverview[]> {
  const summaries = await listClusters(ctx);
  return Promise.all(
    summaries.map(async (summary) => {
      try {
        const members = await ctx.store.listInstances({ clusterName: summary.cluster.name });
        return { ...summary, recovery: await clusterRecoveryStatus(ctx, summary.cluster, members), error: null };
      } catch (err) {
        return { ...summary, recovery: null, error: errorLine(err) };
      }
    }),
  );
}

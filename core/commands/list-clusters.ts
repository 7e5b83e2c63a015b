import type { ClusterRecord } from '../model/instance.js';
import { buildTopologyTree, flattenTopology } from '../model/topology-tree.js';
import type { CommandContext } from './command-context.js';

/** One line of `orc clusters`: a cluster with its health counts. */
export interface ClusterSummary {
  readonly cluster: ClusterRecord;
  readonly instances: number;
  readonly reachable: number;
  readonly withProblems: number;
  readonly primaryReachable: boolean;
}

/** Lists every known cluster with instance and problem counts, ordered by alias or name. */
export async function listClusters(ctx: Pick<CommandContext, 'store' | 'clock'>): Promise<ClusterSummary[]> {
  const [clusters, instances] = await Promise.all([ctx.store.listClusters(), ctx.store.listInstances()]);
  const now = ctx.clock.now();
  return clusters
    .map((cluster) => {
      const members = instances.filter((i) => i.clusterName === cluster.name);
      const nodes = flattenTopology(buildTopologyTree(members, now));
      const primary = members.find((m) => m.key.host === cluster.primary.host && m.key.port === cluster.primary.port);
      return {
        cluster,
        instances: members.length,
        reachable: members.filter((m) => m.reachable).length,
        withProblems: nodes.filter((n) => n.problems.length > 0).length,
        primaryReachable: primary?.reachable ?? false,
      };
    })
    .sort((a, b) => (a.cluster.alias ?? a.cluster.name).localeCompare(b.cluster.alias ?? b.cluster.name));
}

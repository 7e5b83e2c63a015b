import type { ClusterRecord } from '../model/instance.js';
import { buildTopologyTree, type TopologyNode } from '../model/topology-tree.js';
import type { CommandContext } from './command-context.js';
import { resolveCluster } from './resolve-cluster.js';

/** A cluster's current tree as orc last observed it. */
export interface ClusterTopology {
  readonly cluster: ClusterRecord;
  readonly trees: readonly TopologyNode[];
  /** Epoch ms the view was computed at (problem ages are relative to it). */
  readonly at: number;
}

/** Returns the topology tree of a cluster given by name, alias or any member's HOST:PORT. */
export async function clusterTopology(ctx: Pick<CommandContext, 'store' | 'clock'>, hint: string): Promise<ClusterTopology> {
  const cluster = await resolveCluster(ctx.store, hint);
  const members = await ctx.store.listInstances({ clusterName: cluster.name });
  const at = ctx.clock.now();
  return { cluster, trees: buildTopologyTree(members, at), at };
}

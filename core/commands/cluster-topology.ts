import type { AftermathEntry } from '../analysis/recovery-aftermath.js';
import type { ClusterRecord } from '../model/instance.js';
import { buildTopologyTree, type TopologyNode } from '../model/topology-tree.js';
import { readClusterAftermath } from './cluster-aftermath.js';
import type { CommandContext } from './command-context.js';
import { resolveCluster } from './resolve-cluster.js';

/** A cluster's current tree as orc last observed it. */
export interface ClusterTopology {
  readonly cluster: ClusterRecord;
  readonly trees: readonly TopologyNode[];
  /** Servers its recoveries fenced or detached (former primaries, lost replicas), shown marked below the tree. */
  readonly aftermath: readonly AftermathEntry[];
  /** Epoch ms the view was computed at (problem ages are relative to it). */
  readonly at: number;
}

/** Returns the topology tree of a cluster given by name, alias or any member's HOST:PORT. */
export async function clusterTopology(ctx: Pick<CommandContext, 'store' | 'clock'>, hint: string): Promise<ClusterTopology> {
  const cluster = await resolveCluster(ctx.store, hint);
  const members = await ctx.store.listInstances({ clusterName: cluster.name });
  const at = ctx.clock.now();
  const aftermath = await readClusterAftermath(ctx.store, { clusterName: cluster.name, alias: cluster.alias, instances: members });
  return { cluster, trees: buildTopologyTree(members, at), aftermath, at };
}

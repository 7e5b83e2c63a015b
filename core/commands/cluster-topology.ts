import type { AftermathEntry } from '../analysis/recovery-aftermath.js';
import { placeFormerPrimaries } from '../analysis/former-primaries.js';
import type { ClusterRecord, InstanceRecord } from '../model/instance.js';
import { sameInstance } from '../model/instance-key.js';
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

/**
 * Returns the topology tree of a cluster given by name, alias or any member's HOST:PORT; a fenced former primary's
 * HOST:PORT names the cluster it left, and a server forgotten since its fence is no longer listed.
 */
export async function clusterTopology(ctx: Pick<CommandContext, 'store' | 'clock'>, hint: string): Promise<ClusterTopology> {
  const resolved = await resolveCluster(ctx.store, hint);
  const own = await ctx.store.listInstances({ clusterName: resolved.name });
  const home = await clusterLeftBy(ctx.store, resolved, own);
  const cluster = home ?? resolved;
  const members = home ? await ctx.store.listInstances({ clusterName: home.name }) : own;
  const at = ctx.clock.now();
  const aftermath: AftermathEntry[] = [];
  for (const entry of await readClusterAftermath(ctx.store, { clusterName: cluster.name, alias: cluster.alias, instances: members })) {
    if (entry.state === 'lost' || (await ctx.store.getInstance(entry.instance))) aftermath.push(entry);
  }
  return { cluster, trees: buildTopologyTree(members, at), aftermath, at };
}

/** The cluster a cluster made only of fenced former primaries was left by, or null for any other cluster. */
async function clusterLeftBy(store: CommandContext['store'], cluster: ClusterRecord, own: readonly InstanceRecord[]): Promise<ClusterRecord | null> {
  const fences = await store.listFenced();
  if (own.length === 0 || !own.every((m) => fences.some((f) => sameInstance(f.instance, m.key)))) return null;
  const [clusters, recoveries] = await Promise.all([store.listClusters(), store.listRecoveries({ limit: 200 })]);
  const fencedBy = new Set(fences.map((f) => f.recoveryId));
  const successors = await Promise.all(recoveries.flatMap((r) => (r.successor && fencedBy.has(r.id) ? [store.getInstance(r.successor)] : [])));
  const known = [...own, ...successors.filter((s): s is InstanceRecord => s !== undefined)];
  const placed = placeFormerPrimaries(clusters, known, fences, recoveries);
  if (!placed.folded.has(cluster.name)) return null;
  const home = [...placed.byCluster.entries()].find(([, list]) => list.some((f) => sameInstance(f.instance, cluster.primary)))?.[0];
  return clusters.find((c) => c.name === home) ?? null;
}

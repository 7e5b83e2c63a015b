import { analyze } from '../analysis/analyze.js';
import { placeFormerPrimaries, type FormerPrimary } from '../analysis/former-primaries.js';
import type { ClusterRecord, InstanceRecord } from '../model/instance.js';
import { buildTopologyTree, flattenTopology } from '../model/topology-tree.js';
import type { CommandContext } from './command-context.js';

/** One line of `orc clusters`: a cluster with its health counts. */
export interface ClusterSummary {
  readonly cluster: ClusterRecord;
  readonly instances: number;
  readonly reachable: number;
  readonly withProblems: number;
  readonly primaryReachable: boolean;
  /** Why the cluster takes no writes (its HeadlessCluster finding), or null while it has a writable primary. */
  readonly headless: string | null;
  /** Primaries its recoveries replaced that are still fenced (awaiting return, returned, diverged), until they rejoin or are forgotten. */
  readonly formerPrimaries: readonly FormerPrimary[];
}

/**
 * Lists every known cluster with instance and problem counts and whether it has a writer, ordered by alias or name;
 * a fenced former primary is listed inside the cluster it left, not as a cluster of its own, and a cluster with no
 * server left is not listed.
 */
export async function listClusters(ctx: Pick<CommandContext, 'store' | 'clock' | 'config'>): Promise<ClusterSummary[]> {
  const [clusters, instances, fences, recoveries] = await Promise.all([
    ctx.store.listClusters(),
    ctx.store.listInstances(),
    ctx.store.listFenced(),
    ctx.store.listRecoveries({ limit: 200 }),
  ]);
  const now = ctx.clock.now();
  const formers = placeFormerPrimaries(clusters, instances, fences, recoveries);
  // Grouped once: filtering every cluster's members out of all instances is quadratic at fleet sizes.
  const byCluster = new Map<string, InstanceRecord[]>();
  for (const i of instances) {
    const members = byCluster.get(i.clusterName);
    if (members) members.push(i);
    else byCluster.set(i.clusterName, [i]);
  }
  // A cluster left without members (its last server forgotten) is gone; discovery prunes its row on its next pass.
  return clusters
    .filter((cluster) => byCluster.has(cluster.name) && !formers.folded.has(cluster.name))
    .map((cluster) => {
      const members = byCluster.get(cluster.name)!;
      const nodes = flattenTopology(buildTopologyTree(members, now));
      const primary = members.find((m) => m.key.host === cluster.primary.host && m.key.port === cluster.primary.port);
      return {
        cluster,
        instances: members.length,
        reachable: members.filter((m) => m.reachable).length,
        withProblems: nodes.filter((n) => n.problems.length > 0).length,
        primaryReachable: primary?.reachable ?? false,
        headless: headlessReason(cluster, members, ctx.config, now),
        formerPrimaries: formers.byCluster.get(cluster.name) ?? [],
      };
    })
    .sort((a, b) => (a.cluster.alias ?? a.cluster.name).localeCompare(b.cluster.alias ?? b.cluster.name));
}

function headlessReason(cluster: ClusterRecord, instances: readonly InstanceRecord[], config: CommandContext['config'], now: number): string | null {
  const snapshot = { clusterName: cluster.name, alias: cluster.alias, instances, observedAt: now };
  const finding = analyze(snapshot, config.recovery, now).find((f) => f.code === 'HeadlessCluster');
  return finding ? String(finding.details.reason) : null;
}

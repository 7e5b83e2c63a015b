import type { Config } from '../config.js';
import type { ClusterRecord } from '../model/instance.js';
import { formatInstanceKey, parseInstanceKey } from '../model/instance-key.js';

/** What naming needs of one instance: its name, cluster, whether it answers, and its cluster's alias before. */
export interface NamedMember {
  readonly name: string;
  readonly clusterName: string;
  readonly reachable: boolean;
  readonly previousAlias: string | null;
}

/**
 * Builds cluster records from member assignments (pure). An alias follows its members: after a failover renames
 * the cluster after its new primary, the cluster holding most of the alias's reachable former members keeps it;
 * config seeds decide for new clusters (a reachable seed counts more than a dead one).
 */
export function nameClusters(members: readonly NamedMember[], aliases: Config['clusters'], now: number): ClusterRecord[] {
  const clusterNames = [...new Set(members.map((m) => m.clusterName))].sort();
  const scores = new Map<string, Map<string, number>>();
  const add = (alias: string, cluster: string, points: number) => {
    const perCluster = scores.get(alias) ?? new Map<string, number>();
    perCluster.set(cluster, (perCluster.get(cluster) ?? 0) + points);
    scores.set(alias, perCluster);
  };
  for (const m of members) if (m.previousAlias !== null) add(m.previousAlias, m.clusterName, m.reachable ? 10 : 3);
  const byName = new Map(members.map((m) => [m.name, m]));
  for (const entry of aliases) {
    if (!scores.has(entry.alias)) scores.set(entry.alias, new Map());
    for (const seed of entry.seeds) {
      const m = byName.get(formatInstanceKey(seed));
      if (m) add(entry.alias, m.clusterName, m.reachable ? 5 : 1);
    }
  }
  const aliasOf = new Map<string, string>();
  const ranked = [...scores.entries()].flatMap(([alias, perCluster]) => [...perCluster.entries()].map(([cluster, score]) => ({ alias, cluster, score })));
  ranked.sort((a, b) => b.score - a.score || a.alias.localeCompare(b.alias) || a.cluster.localeCompare(b.cluster));
  const placed = new Set<string>();
  for (const r of ranked) {
    if (placed.has(r.alias) || aliasOf.has(r.cluster)) continue;
    aliasOf.set(r.cluster, r.alias);
    placed.add(r.alias);
  }
  return clusterNames.map((name) => ({ name, alias: aliasOf.get(name) ?? null, primary: parseInstanceKey(name), updatedAt: now }));
}

import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';

/** What cluster assignment needs of an instance: its key and the source it replicates from. */
export interface ClusterMember {
  readonly key: InstanceKey;
  readonly source: InstanceKey | null;
}

/**
 * The cluster name of one instance: the root of its replication chain (the first server that replicates from no
 * known server); members of a replication cycle are named after the cycle's lowest name. Pure.
 */
export function clusterRoot(start: string, knownSourceOf: (name: string) => string | null | undefined): string {
  const chain: string[] = [];
  let current = start;
  for (;;) {
    chain.push(current);
    const next = knownSourceOf(current);
    if (next === null || next === undefined) return current;
    const seen = chain.indexOf(next);
    if (seen >= 0) return [...chain.slice(seen)].sort()[0]!;
    current = next;
  }
}

/** Maps every instance name to its cluster name (see clusterRoot). Pure. */
export function assignClusters(members: readonly ClusterMember[]): Map<string, string> {
  const sources = new Map(members.map((m) => [formatInstanceKey(m.key), m.source ? formatInstanceKey(m.source) : null]));
  const knownSourceOf = (name: string) => {
    const source = sources.get(name);
    return source && sources.has(source) ? source : null;
  };
  return new Map([...sources.keys()].map((name) => [name, clusterRoot(name, knownSourceOf)]));
}

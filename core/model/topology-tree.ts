import { primaryChannel, type InstanceRecord } from './instance.js';
import { compareInstanceKeys, formatInstanceKey, sameInstance, type InstanceKey } from './instance-key.js';
import { instanceProblems, type InstanceProblem, type ProblemThresholds } from './instance-problems.js';

/** The role an instance plays in its tree. */
export type TopologyRole = 'primary' | 'intermediate' | 'replica' | 'orphan';

/** One server in a topology tree, with its replicas below it. */
export interface TopologyNode {
  readonly record: InstanceRecord;
  readonly role: TopologyRole;
  readonly depth: number;
  /** The server this one replicates from, when it replicates. */
  readonly source: InstanceKey | null;
  readonly problems: readonly InstanceProblem[];
  readonly children: readonly TopologyNode[];
}

/** The source an instance replicates from according to its last good facts. */
export function sourceOf(record: InstanceRecord): InstanceKey | null {
  return record.facts ? (primaryChannel(record.facts)?.source ?? null) : null;
}

/** The instances that replicate directly from key (itself excluded). */
export function directReplicasOf(instances: readonly InstanceRecord[], key: InstanceKey): InstanceRecord[] {
  return instances.filter((r) => {
    const source = sourceOf(r);
    return source !== null && sameInstance(source, key) && !sameInstance(r.key, key);
  });
}

/** Arranges instances into trees by their replication sources; pure, stable order, cycle-safe. */
export function buildTopologyTree(
  instances: readonly InstanceRecord[],
  now: number,
  thresholds?: ProblemThresholds,
): TopologyNode[] {
  const byKey = new Map(instances.map((r) => [formatInstanceKey(r.key), r]));
  const childrenOf = new Map<string, InstanceRecord[]>();
  const roots: InstanceRecord[] = [];
  for (const record of instances) {
    const source = sourceOf(record);
    const parentName = source ? formatInstanceKey(source) : null;
    if (parentName && byKey.has(parentName) && parentName !== formatInstanceKey(record.key)) {
      const list = childrenOf.get(parentName) ?? [];
      list.push(record);
      childrenOf.set(parentName, list);
    } else {
      roots.push(record);
    }
  }
  const visited = new Set<string>();
  const build = (record: InstanceRecord, depth: number): TopologyNode => {
    const name = formatInstanceKey(record.key);
    visited.add(name);
    const kids = (childrenOf.get(name) ?? [])
      .filter((c) => !visited.has(formatInstanceKey(c.key)))
      .sort((a, b) => compareInstanceKeys(a.key, b.key));
    const children = kids.map((c) => build(c, depth + 1));
    const source = sourceOf(record);
    const role: TopologyRole =
      depth === 0 ? (source ? 'orphan' : 'primary') : children.length > 0 ? 'intermediate' : 'replica';
    return { record, role, depth, source, problems: instanceProblems(record, children.length > 0, now, thresholds), children };
  };
  const trees = roots.sort((a, b) => compareInstanceKeys(a.key, b.key)).map((r) => build(r, 0));
  // Members of a replication cycle (co-primaries) have no root above them: start from the lowest key.
  for (const record of [...instances].sort((a, b) => compareInstanceKeys(a.key, b.key))) {
    if (!visited.has(formatInstanceKey(record.key))) trees.push(build(record, 0));
  }
  return trees;
}

/** Flattens trees depth-first, parents before their replicas. */
export function flattenTopology(trees: readonly TopologyNode[]): TopologyNode[] {
  const out: TopologyNode[] = [];
  const walk = (n: TopologyNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  trees.forEach(walk);
  return out;
}

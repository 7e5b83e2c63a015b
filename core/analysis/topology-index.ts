import { compareInstanceKeys, formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { InstanceRecord } from '../model/instance.js';
import { sourceOf } from '../model/topology-tree.js';
import type { TopologySnapshot } from './topology-snapshot.js';

/** The part an instance plays for analysis; co-primaries replicate from each other. */
export type AnalysisRole = 'primary' | 'co-primary' | 'intermediate' | 'replica';

/** Lookups over one snapshot: instances by key, replicas by source, roles. */
export interface TopologyIndex {
  readonly records: readonly InstanceRecord[];
  get(key: InstanceKey): InstanceRecord | undefined;
  /** Direct replicas (by their last known source), ordered by key. */
  replicasOf(key: InstanceKey): readonly InstanceRecord[];
  sourceOf(record: InstanceRecord): InstanceKey | null;
  role(record: InstanceRecord): AnalysisRole;
}

/** Indexes a snapshot for analysis (pure; instances ordered by key). */
export function indexTopology(snapshot: TopologySnapshot): TopologyIndex {
  const records = [...snapshot.instances].sort((a, b) => compareInstanceKeys(a.key, b.key));
  const byName = new Map(records.map((r) => [name(r.key), r]));
  const children = new Map<string, InstanceRecord[]>();
  for (const record of records) {
    const source = sourceOf(record);
    if (!source || sameInstance(source, record.key)) continue;
    const list = children.get(name(source)) ?? [];
    list.push(record);
    children.set(name(source), list);
  }
  const get = (key: InstanceKey) => byName.get(name(key));
  const replicasOf = (key: InstanceKey) => children.get(name(key)) ?? [];
  const role = (record: InstanceRecord): AnalysisRole => {
    const source = sourceOf(record);
    if (!source) return 'primary';
    const partnerSource = get(source) ? sourceOf(get(source)!) : null;
    if (partnerSource && sameInstance(partnerSource, record.key)) return 'co-primary';
    return replicasOf(record.key).length > 0 ? 'intermediate' : 'replica';
  };
  return { records, get, replicasOf, sourceOf, role };
}

function name(key: InstanceKey): string {
  return formatInstanceKey(key).toLowerCase();
}

import { relateGtid } from '../analysis/gtid-view.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import { primaryChannel, type InstanceRecord } from '../model/instance.js';
import { sourceOf } from '../model/topology-tree.js';

/** Whether a replica may be moved under a new source, from fresh facts of both and the cluster's members. */
export type RelocationCheck =
  | { readonly ok: true; /** The new source lags the replica and must catch up first (it replicates, so it can). */ readonly waitForSource: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Decides (pure) whether `replica` may replicate from `source` by GTID: not from itself or from below itself, the
 * source reachable and logging what it applies, the same flavor, and no transactions on the replica that the
 * source lacks (unless the source replicates and only lags: the executor waits for it).
 */
export function checkRelocation(replica: InstanceRecord, source: InstanceRecord, members: readonly InstanceRecord[]): RelocationCheck {
  const r = formatInstanceKey(replica.key);
  const s = formatInstanceKey(source.key);
  if (sameInstance(replica.key, source.key)) return no(`${r} cannot replicate from itself`);
  if (!replica.reachable || !replica.facts) return no(`${r} is not reachable`);
  if (!primaryChannel(replica.facts)) return no(`${r} replicates from nobody: moving a primary is a takeover (orc takeover)`);
  if (isBelow(source, replica.key, members)) return no(`${s} replicates (directly or not) from ${r}: ${r} would be below itself`);
  if (!source.reachable || !source.facts) return no(`${s} is not reachable`);
  const sourceIsReplica = primaryChannel(source.facts) !== null;
  if (!source.facts.logBin) return no(`${s} has log_bin OFF: it cannot serve replicas`);
  if (sourceIsReplica && !source.facts.logReplicaUpdates) return no(`${s} has log_slave_updates OFF: its binlog lacks what it replicates`);
  if (source.facts.flavor !== replica.facts.flavor) return no(`${r} runs ${replica.facts.flavor}, ${s} ${source.facts.flavor}`);
  const channel = primaryChannel(replica.facts)!;
  if (!replica.facts.gtid.enabled || channel.gtidUsage === 'no') return no(`${r} does not replicate with GTID: orc moves replicas by GTID only`);
  const relation = relateGtid(replica.facts.flavor, replica.facts.gtid.executed, source.facts.gtid.executed);
  const positions = `${r} executed ${replica.facts.gtid.executed || '(nothing)'}, ${s} ${source.facts.gtid.executed || '(nothing)'}`;
  if (relation === 'diverged' || relation === 'incomparable') return no(`${r} and ${s} have ${relation} GTID histories (${positions})`);
  if (relation === 'ahead') {
    if (!sourceIsReplica) return no(`${r} is ahead of ${s}, which replicates from nobody and will never catch up (${positions})`);
    return { ok: true, waitForSource: true };
  }
  return { ok: true, waitForSource: false };
}

/** True when `record` replicates, directly or through others, from `ancestor` (cycle-safe). */
function isBelow(record: InstanceRecord, ancestor: InstanceKey, members: readonly InstanceRecord[]): boolean {
  const seen = new Set<string>();
  let current: InstanceKey | null = sourceOf(record);
  while (current && !seen.has(formatInstanceKey(current))) {
    if (sameInstance(current, ancestor)) return true;
    seen.add(formatInstanceKey(current));
    const key: InstanceKey = current;
    const next = members.find((m) => sameInstance(m.key, key));
    current = next ? sourceOf(next) : null;
  }
  return false;
}

function no(reason: string): RelocationCheck {
  return { ok: false, reason };
}

import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { InstanceRecord } from '../model/instance.js';
import { sourceOf } from '../model/topology-tree.js';
import type { FencedInstance } from '../ports/recovery-store.js';
import { fenceHolds } from '../recovery/fence-holds.js';

/**
 * Why target may never be made writable while its fence stands (pure): orc's fence watcher would set it read-only
 * again, so not even --force overrides it; null when it is not fenced (or has rejoined).
 */
export function fenceRefusal(target: InstanceKey, fence: FencedInstance | null): string | null {
  if (fence === null || !fenceHolds(fence)) return null;
  const name = formatInstanceKey(target);
  return `${name} is a former primary fenced by recovery ${fence.recoveryId} (${fence.state}); orc unfence ${name} --reason TEXT lifts it (--force does not: orc would set it read-only again)`;
}

/**
 * Why making target writable would be unsafe (pure, on fresh facts): it replicates from a source (its writes would
 * become errant GTIDs), or another member of its cluster is writable already (two writers). Empty when nothing
 * speaks against it; --force may override these.
 */
export function writableRefusals(target: InstanceKey, members: readonly InstanceRecord[]): string[] {
  const name = formatInstanceKey(target);
  const reasons: string[] = [];
  const self = members.find((m) => sameInstance(m.key, target));
  if (!self?.reachable) reasons.push(`${name} is not reachable, so nothing about it can be checked`);
  const source = self ? sourceOf(self) : null;
  if (source) reasons.push(`${name} replicates from ${formatInstanceKey(source)}: writes on it become errant GTIDs`);
  const writers = members.filter((m) => !sameInstance(m.key, target) && m.reachable && m.facts !== null && !m.facts.readOnly);
  if (writers.length > 0) {
    reasons.push(`${writers.map((w) => formatInstanceKey(w.key)).join(', ')} in the same cluster ${writers.length === 1 ? 'is' : 'are'} writable already: two writable servers`);
  }
  return reasons;
}

import type { AftermathEntry } from '../analysis/recovery-aftermath.js';
import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { formatInstanceKey, sameInstance } from '../model/instance-key.js';
import { sourceOf } from '../model/topology-tree.js';
import type { RecoveryStore } from '../ports/recovery-store.js';
import { fenceHolds } from '../recovery/fence-holds.js';
import { isRecoveryOf } from '../recovery/gate-state.js';

type ClusterView = Pick<TopologySnapshot, 'clusterName' | 'alias' | 'instances'>;

/**
 * Reads from the store the servers this cluster's recoveries left outside it: fences not rejoined (pending or
 * fenced, diverged) and lost replicas that do not replicate inside the cluster again, newest recovery first.
 */
export async function readClusterAftermath(store: RecoveryStore, view: ClusterView): Promise<AftermathEntry[]> {
  const [fences, recoveries] = await Promise.all([store.listFenced(), store.listRecoveries({ limit: 200 })]);
  const ours = recoveries.filter((r) => isRecoveryOf(r, view));
  const entries = new Map<string, AftermathEntry>();
  for (const fence of fences) {
    if (!fenceHolds(fence)) continue;
    if (fence.cluster !== view.clusterName && !ours.some((r) => r.id === fence.recoveryId)) continue;
    const state = fence.state === 'diverged' ? 'diverged' : 'fenced';
    entries.set(formatInstanceKey(fence.instance), { instance: fence.instance, state, recoveryId: fence.recoveryId, detail: fence.detail, dataLoss: state === 'diverged', since: fence.fencedAt });
  }
  for (const recovery of ours) {
    for (const key of recovery.lost) {
      const name = formatInstanceKey(key);
      const member = view.instances.find((r) => sameInstance(r.key, key));
      if (entries.has(name) || (member && sourceOf(member) !== null)) continue;
      const dataLoss = recovery.progress ? recovery.progress.dataLossFrom.some((k) => sameInstance(k, key)) : recovery.dataLoss;
      entries.set(name, { instance: key, state: 'lost', recoveryId: recovery.id, detail: `detached by recovery ${recovery.id}${dataLoss ? ' with transactions the new primary lacks' : ''}`, dataLoss });
    }
  }
  return [...entries.values()];
}

import { sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { RecoveryStore } from '../ports/recovery-store.js';
import { clusterBeingRecovered, instanceLocked } from '../store/recovery-store-refusals.js';

/**
 * Refuses (orc_lock_held, naming the holder) before anything changes when the cluster is being recovered or one of
 * the instances is locked. The recovery's own registration and locks still decide races; this check lets a command
 * refuse cleanly before its first change (such as setting a live primary read-only).
 */
export async function assertNothingHeld(store: RecoveryStore, cluster: string, keys: readonly InstanceKey[], now: number): Promise<void> {
  const running = (await store.listRecoveries({ limit: 50 })).find((r) => r.status === 'running' && r.cluster === cluster);
  if (running) throw clusterBeingRecovered(cluster, running.id, running.actor);
  const held = (await store.listLocks(now)).find((lock) => keys.some((k) => sameInstance(k, lock.instance)));
  if (held) throw instanceLocked(held);
}

import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { RecoveryStore } from '../ports/recovery-store.js';

/** How long a maintenance lock lives unless released (orchestrator's MaintenanceExpireMinutes default). */
export const LOCK_TTL_MS = 10 * 60_000;

/**
 * Takes the exclusive maintenance lock of every instance (in a fixed order, so two changes cannot deadlock), runs
 * work, and releases them (a failed release is reported, not thrown: the lock expires after LOCK_TTL_MS); when one
 * lock is held by someone else, nothing runs and the RefusedError propagates.
 */
export async function withMaintenanceLocks<T>(
  store: RecoveryStore,
  keys: readonly InstanceKey[],
  owner: string,
  reason: string,
  now: () => number,
  work: () => Promise<T>,
  onReleaseError: (instance: InstanceKey, err: unknown) => void = () => {},
): Promise<T> {
  const unique = [...new Map(keys.map((k) => [formatInstanceKey(k), k])).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, k]) => k);
  const taken: InstanceKey[] = [];
  try {
    for (const instance of unique) {
      const at = now();
      await store.acquireLock({ instance, owner, reason, acquiredAt: at, expiresAt: at + LOCK_TTL_MS }, at);
      taken.push(instance);
    }
    return await work();
  } finally {
    // One failed release must neither keep the other locks nor replace the work's outcome; the lock expires anyway.
    for (const instance of taken) {
      await store.releaseLock(instance, owner).catch((err: unknown) => onReleaseError(instance, err));
    }
  }
}

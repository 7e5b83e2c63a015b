import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { RecoveryRecord, RecoveryStore } from '../ports/recovery-store.js';
import type { RecoveryGateState } from './recovery-gate.js';

/** The store's runtime switch for automated recoveries (orc recoveries enable|disable). */
export const RECOVERY_ENABLED_SETTING = 'recovery.enabled';

/**
 * The latest recovery of a cluster. A failover renames the cluster after its new primary, so a recovery counts
 * when it names the cluster, its alias, or when its failed server or successor is a member now.
 */
export function latestRecoveryOf(recoveries: readonly RecoveryRecord[], snapshot: Pick<TopologySnapshot, 'clusterName' | 'alias' | 'instances'>): RecoveryRecord | null {
  const isMember = (key: InstanceKey | null) => key !== null && snapshot.instances.some((r) => sameInstance(r.key, key));
  return (
    recoveries.find(
      (r) =>
        r.cluster === snapshot.clusterName ||
        (snapshot.alias !== null && r.clusterAlias === snapshot.alias) ||
        isMember(r.successor) ||
        isMember(r.failed),
    ) ?? null
  );
}

/** Reads what recoveryGate needs for one finding on one cluster from the store. */
export async function readGateState(
  store: RecoveryStore,
  snapshot: Pick<TopologySnapshot, 'clusterName' | 'alias' | 'instances'>,
  instance: InstanceKey,
  now: number,
): Promise<RecoveryGateState> {
  const [recoveries, downtime, enabled] = await Promise.all([
    store.listRecoveries({ limit: 200 }),
    store.listDowntime(now),
    store.getSetting(RECOVERY_ENABLED_SETTING),
  ]);
  const latest = latestRecoveryOf(recoveries, snapshot);
  return {
    lastRecoveryAt: latest?.startedAt ?? null,
    acknowledged: latest !== null && latest.acknowledgedAt !== null,
    downtimedUntil: downtime.find((d) => sameInstance(d.instance, instance))?.until ?? null,
    globalEnabled: enabled !== 'false',
  };
}

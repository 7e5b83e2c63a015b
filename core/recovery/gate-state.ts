import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { StoreError } from '../errors.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import { isValidInstant } from '../model/instant.js';
import type { RecoveryRecord, RecoveryStore } from '../ports/recovery-store.js';
import type { Config } from '../config.js';
import { fenceHolds } from './fence-holds.js';
import type { RecoveryGateState } from './recovery-gate.js';

/** The store's runtime switch for automated recoveries (orc recoveries enable|disable). */
export const RECOVERY_ENABLED_SETTING = 'recovery.enabled';

type ClusterView = Pick<TopologySnapshot, 'clusterName' | 'alias' | 'instances'>;

/**
 * True when a recovery is about this cluster. A failover renames the cluster after its new primary, so a recovery
 * counts when it names the cluster, its alias, or when its failed server or successor is a member now.
 */
export function isRecoveryOf(record: RecoveryRecord, snapshot: ClusterView): boolean {
  const isMember = (key: InstanceKey | null) => key !== null && snapshot.instances.some((r) => sameInstance(r.key, key));
  return (
    record.cluster === snapshot.clusterName ||
    (snapshot.alias !== null && record.clusterAlias === snapshot.alias) ||
    isMember(record.successor) ||
    isMember(record.failed)
  );
}

/**
 * The latest ended recovery of a cluster that counts for anti-flapping: an abandoned one (orc stopped before it
 * promoted anything, and the next orc undid its preparation) changed nothing and blocks nothing.
 */
export function latestRecoveryOf(recoveries: readonly RecoveryRecord[], snapshot: ClusterView): RecoveryRecord | null {
  return recoveries.find((r) => r.status !== 'running' && r.status !== 'abandoned' && isRecoveryOf(r, snapshot)) ?? null;
}

/** The cluster's recovery that is still running, if any. */
export function runningRecoveryOf(recoveries: readonly RecoveryRecord[], snapshot: ClusterView): RecoveryRecord | null {
  return recoveries.find((r) => r.status === 'running' && isRecoveryOf(r, snapshot)) ?? null;
}

/**
 * Reads what recoveryGate needs for one finding on one cluster from the store and the config; the recovery loop,
 * `orc analysis` and `orc clusters` all read it here, so what they say the loop would do is what it does. A stored
 * row of this instance that holds no valid time is a StoreError naming it: that cluster's gate fails, visibly.
 */
export async function readGateState(
  store: RecoveryStore,
  config: Pick<Config, 'replication'>,
  snapshot: ClusterView,
  instance: InstanceKey,
  now: number,
): Promise<RecoveryGateState> {
  const [recoveries, downtime, enabled, fences] = await Promise.all([
    store.listRecoveries({ limit: 200 }),
    store.listDowntime(now),
    store.getSetting(RECOVERY_ENABLED_SETTING),
    store.listFenced(),
  ]);
  const latest = latestRecoveryOf(recoveries, snapshot);
  const running = runningRecoveryOf(recoveries, snapshot);
  const fence = fences.find((f) => sameInstance(f.instance, instance) && fenceHolds(f)) ?? null;
  const downtimed = downtime.find((d) => sameInstance(d.instance, instance)) ?? null;
  if (downtimed !== null && !isValidInstant(downtimed.until)) {
    const name = formatInstanceKey(instance);
    throw new StoreError(`store: the downtime of ${name} ends at ${downtimed.until}, which is no valid time: orc downtime end ${name} removes it`, {
      instance: name,
      until: downtimed.until,
    });
  }
  return {
    lastRecoveryAt: latest?.startedAt ?? null,
    acknowledged: latest !== null && latest.acknowledgedAt !== null,
    downtimedUntil: downtimed?.until ?? null,
    globalEnabled: enabled !== 'false',
    replicationConfigured: config.replication !== undefined,
    fence: fence && { state: fence.state, recoveryId: fence.recoveryId },
    running: running && { id: running.id, runner: running.runner, startedAt: running.startedAt },
  };
}

import type { ClusterRecord, InstanceRecord } from '../model/instance.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { FencedInstance, RecoveryRecord } from '../ports/recovery-store.js';
import { isoSeconds } from '../util/iso-seconds.js';

/**
 * Where a fenced former primary stands: not answering since its fence (awaiting-return), answering but not yet
 * replicating from its successor (returned), or found with transactions the new primary lacks (diverged).
 */
export type FormerPrimaryState = 'awaiting-return' | 'returned' | 'diverged';

/** A primary a recovery replaced, shown inside the cluster it left until it rejoins or is forgotten. */
export interface FormerPrimary {
  readonly instance: InstanceKey;
  readonly state: FormerPrimaryState;
  /** Epoch ms the fence was recorded. */
  readonly fencedSince: number;
  readonly recoveryId: string;
  /** The fence verdict as recorded. */
  readonly detail: string;
}

/** Former primaries placed in the clusters they left, and the clusters that hold nothing but such servers. */
export interface FormerPrimaryPlacement {
  /** Cluster name to the former primaries that left it. */
  readonly byCluster: ReadonlyMap<string, readonly FormerPrimary[]>;
  /** Clusters made only of former primaries shown elsewhere: listing them on their own would read as a second broken cluster. */
  readonly folded: ReadonlySet<string>;
}

/**
 * Places every held fence (fenced or diverged, not pending) whose server orc still knows in the cluster its
 * successor now belongs to (pure); a server that was forgotten, or whose successor is not known, is not placed.
 */
export function placeFormerPrimaries(
  clusters: readonly ClusterRecord[],
  instances: readonly InstanceRecord[],
  fences: readonly FencedInstance[],
  recoveries: readonly RecoveryRecord[],
): FormerPrimaryPlacement {
  const byCluster = new Map<string, FormerPrimary[]>();
  const placedHomeOf = new Map<string, string>();
  for (const fence of fences) {
    if (fence.state !== 'fenced' && fence.state !== 'diverged') continue;
    const record = instances.find((i) => sameInstance(i.key, fence.instance));
    const recovery = recoveries.find((r) => r.id === fence.recoveryId);
    const home = record && recovery ? homeCluster(recovery, record, clusters, instances) : null;
    if (!record || !home) continue;
    const state: FormerPrimaryState = fence.state === 'diverged' ? 'diverged' : record.reachable ? 'returned' : 'awaiting-return';
    const entry = { instance: fence.instance, state, fencedSince: fence.fencedAt, recoveryId: fence.recoveryId, detail: fence.detail };
    byCluster.set(home, [...(byCluster.get(home) ?? []), entry]);
    placedHomeOf.set(formatInstanceKey(fence.instance), home);
  }
  const folded = new Set<string>();
  for (const cluster of clusters) {
    const members = instances.filter((i) => i.clusterName === cluster.name);
    if (members.length > 0 && members.every((m) => placedHomeOf.has(formatInstanceKey(m.key)))) folded.add(cluster.name);
  }
  return { byCluster, folded };
}

/** The cluster a recovery's successor is in now (else the one carrying its alias), when it is not the server's own. */
function homeCluster(recovery: RecoveryRecord, record: InstanceRecord, clusters: readonly ClusterRecord[], instances: readonly InstanceRecord[]): string | null {
  const successor = recovery.successor && instances.find((i) => sameInstance(i.key, recovery.successor!));
  const byAlias = recovery.clusterAlias !== null ? clusters.find((c) => c.alias === recovery.clusterAlias) : undefined;
  const home = successor ? successor.clusterName : (byAlias?.name ?? null);
  return home !== null && home !== record.clusterName && clusters.some((c) => c.name === home) ? home : null;
}

const STATE_TEXT: Readonly<Record<FormerPrimaryState, string>> = {
  'awaiting-return': 'awaiting return (kept read-only; rejoins as a replica once seen with nothing diverged)',
  returned: 'back, being checked before it rejoins',
  diverged: 'DIVERGED: holds transactions the new primary lacks; re-seed it, then orc unfence',
};

/** One line for a former primary as every front end shows it: which server, fenced since when, and what comes next. */
export function describeFormerPrimary(former: FormerPrimary): string {
  return `former primary ${formatInstanceKey(former.instance)}: fenced since ${isoSeconds(former.fencedSince)}, ${STATE_TEXT[former.state]} (recovery ${former.recoveryId})`;
}

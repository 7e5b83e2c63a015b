import { compareInstanceKeys, formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { CONNECT_ERRNOS } from './replica-observation.js';
import { primaryChannel } from '../model/instance.js';
import { indexTopology } from './topology-index.js';
import type { TopologySnapshot } from './topology-snapshot.js';

/**
 * Instances to re-probe at once instead of waiting for the next poll: every primary or intermediate that looks
 * unreachable (orc cannot reach it, or a reachable replica fails to connect to it), together with its replicas,
 * so the holistic confirmation arrives within one probe round trip.
 */
export function needsEmergentProbe(snapshot: TopologySnapshot): InstanceKey[] {
  const index = indexTopology(snapshot);
  const picked = new Map<string, InstanceKey>();
  for (const record of index.records) {
    const replicas = index.replicasOf(record.key);
    if (replicas.length === 0) continue;
    const replicasComplain = replicas.some((r) => {
      const channel = r.reachable && r.facts ? primaryChannel(r.facts) : null;
      return !!channel && (channel.ioState === 'connecting' || (channel.ioState === 'no' && CONNECT_ERRNOS.has(channel.lastIoErrno)));
    });
    if (record.reachable && !replicasComplain) continue;
    for (const key of [record.key, ...replicas.map((r) => r.key)]) picked.set(formatInstanceKey(key), key);
  }
  return [...picked.values()].sort(compareInstanceKeys);
}

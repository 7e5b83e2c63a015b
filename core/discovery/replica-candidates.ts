import type { InstanceFacts } from '../model/instance.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { ClusterMember } from './assign-clusters.js';

// A replica on the source's own machine connects from a loopback address: it is reachable under the source's host.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Addresses that may be direct replicas of the probed server although it named none of them (report_host unset,
 * wrong or unresolvable): for each client host of its binlog dump threads that has more threads than orc knows
 * replicas of this server there, that host with every port orc has a reason to try (the server's own port, the ports
 * of known servers on that host, the ports SHOW SLAVE HOSTS lists, `replicaPorts` from the config). Known addresses
 * are left out; a candidate counts only once a probe confirms it (see confirmsReplicaOf). Pure.
 */
export function replicaCandidates(facts: InstanceFacts, known: readonly ClusterMember[], replicaPorts: readonly number[]): InstanceKey[] {
  const knownNames = new Set(known.map((m) => formatInstanceKey(m.key)));
  const threadsByHost = new Map<string, number>();
  for (const dumpHost of facts.replicaHints.dumpHosts) {
    const lower = dumpHost.toLowerCase();
    const host = LOOPBACK.has(lower) ? facts.key.host.toLowerCase() : lower;
    threadsByHost.set(host, (threadsByHost.get(host) ?? 0) + 1);
  }
  const reportedPorts = [...facts.replicas.map((r) => r.port), ...facts.replicaHints.unnamedPorts];
  const candidates = new Map<string, InstanceKey>();
  for (const [host, threads] of threadsByHost) {
    const onHost = known.filter((m) => m.key.host.toLowerCase() === host);
    const knownReplicas = onHost.filter((m) => m.source !== null && sameInstance(m.source, facts.key)).length;
    if (threads <= knownReplicas) continue;
    const ports = [facts.key.port, ...onHost.map((m) => m.key.port), ...reportedPorts, ...replicaPorts];
    for (const port of ports) {
      const key: InstanceKey = Object.freeze({ host, port });
      const name = formatInstanceKey(key);
      if (!knownNames.has(name) && !sameInstance(key, facts.key)) candidates.set(name, key);
    }
  }
  return [...candidates.values()].sort((a, b) => (a.host === b.host ? a.port - b.port : a.host < b.host ? -1 : 1));
}

/**
 * True when a probed candidate replicates from `source`: one of its channels names the source's address, or the
 * source's server id (the candidate may know the source under another name). A server never confirms itself. Pure.
 */
export function confirmsReplicaOf(candidate: InstanceFacts, source: InstanceFacts): boolean {
  if (candidate.serverId === source.serverId) return false;
  return candidate.replication.some(
    (channel) => sameInstance(channel.source, source.key) || (channel.sourceServerId !== null && channel.sourceServerId === source.serverId),
  );
}

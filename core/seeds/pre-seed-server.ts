import type { InstanceFacts } from '../model/instance.js';
import { sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { AgentInfo } from '../ports/agent-client.js';
import type { PreSeedServer } from './pre-seed-input.js';

/**
 * One server as the pre-seed checks see it: version, binlog and replication from a fresh probe; replicas as the
 * server reports them plus those orc knows replicate from it; engines, data size and free space from its agent's
 * info. Without that info (the agent is refused as unreachable anyway) the agent's figures are neutral, so only
 * real reasons are listed.
 */
export function preSeedServer(facts: InstanceFacts, info: AgentInfo | null, knownReplicas: readonly InstanceKey[]): PreSeedServer {
  const replicas: InstanceKey[] = [];
  for (const key of [...facts.replicas, ...knownReplicas]) if (!replicas.some((r) => sameInstance(r, key))) replicas.push(key);
  const engines = [...new Set((info?.databases ?? []).flatMap((d) => d.engines.map((e) => e.toLowerCase())))].sort();
  return {
    version: facts.version,
    engines,
    binlog: facts.logBin,
    logSlaveUpdates: facts.logReplicaUpdates,
    isReplica: facts.replication.length > 0,
    replicaCount: replicas.length,
    dataBytes: info?.datadirBytes ?? 0,
    freeBytes: info?.diskFreeBytes ?? Number.MAX_SAFE_INTEGER,
  };
}

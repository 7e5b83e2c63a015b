import { primaryChannel } from '../../../core/model/instance.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { flattenTopology, type TopologyNode } from '../../../core/model/topology-tree.js';
import type { ClusterTopology } from '../../../core/commands/cluster-topology.js';
import type { InstanceRecord } from '../../../core/model/instance.js';

/** One instance as the JSON outputs show it: flat, with its primary (source) as "host:port". */
export function instanceJson(record: InstanceRecord, extra: { role?: string; primary?: string | null; problems?: readonly { code: string; text: string }[] } = {}) {
  const facts = record.facts;
  const channel = facts ? primaryChannel(facts) : null;
  return {
    instance: formatInstanceKey(record.key),
    host: record.key.host,
    port: record.key.port,
    cluster: record.clusterName,
    primary: extra.primary !== undefined ? extra.primary : channel ? formatInstanceKey(channel.source) : null,
    role: extra.role,
    reachable: record.reachable,
    lastSeenAt: record.lastSeenAt,
    lastCheckedAt: record.lastCheckedAt,
    lastError: record.lastError,
    flavor: facts?.flavor ?? null,
    version: facts?.version ?? null,
    serverId: facts?.serverId ?? null,
    readOnly: facts?.readOnly ?? null,
    logBin: facts?.logBin ?? null,
    logReplicaUpdates: facts?.logReplicaUpdates ?? null,
    binlogFormat: facts?.binlogFormat ?? null,
    gtidExecuted: facts?.gtid.executed ?? null,
    replication: channel
      ? {
          source: formatInstanceKey(channel.source),
          ioThread: channel.ioState,
          sqlThread: channel.sqlRunning,
          lagSeconds: channel.lagSeconds,
          lastIoErrno: channel.lastIoErrno,
          lastIoError: channel.lastIoError,
          lastSqlErrno: channel.lastSqlErrno,
          lastSqlError: channel.lastSqlError,
          gtidUsage: channel.gtidUsage,
        }
      : null,
    problems: extra.problems ?? [],
  };
}

/** `orc topology --json`: the cluster and every instance with its primary, parents before replicas. */
export function topologyJson(topology: ClusterTopology) {
  return {
    cluster: { name: topology.cluster.name, alias: topology.cluster.alias, primary: formatInstanceKey(topology.cluster.primary) },
    at: topology.at,
    instances: flattenTopology(topology.trees).map((n: TopologyNode) =>
      instanceJson(n.record, { role: n.role, primary: n.source ? formatInstanceKey(n.source) : null, problems: n.problems }),
    ),
    aftermath: topology.aftermath.map((e) => ({ instance: formatInstanceKey(e.instance), state: e.state, recovery: e.recoveryId, detail: e.detail, dataLoss: e.dataLoss, since: e.since === undefined ? null : new Date(e.since).toISOString() })),
  };
}

import cliTruncate from 'cli-truncate';
import { formatAge } from '../../../core/model/instance-problems.js';
import { isoSeconds } from '../../../core/util/iso-seconds.js';
import { primaryChannel } from '../../../core/model/instance.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { flattenTopology, type TopologyNode } from '../../../core/model/topology-tree.js';
import type { AftermathEntry } from '../../../core/analysis/recovery-aftermath.js';
import type { ClusterTopology } from '../../../core/commands/cluster-topology.js';

/** Replication state in a few words: "replicating", "io:connecting sql:stopped", "unreachable", ... */
export function replicationStateText(node: TopologyNode, now: number): string {
  const { record } = node;
  if (!record.reachable) {
    return record.lastSeenAt === null ? 'UNREACHABLE (never reached)' : `UNREACHABLE (last seen ${formatAge(now - record.lastSeenAt)} ago)`;
  }
  const channel = record.facts ? primaryChannel(record.facts) : null;
  if (!channel) return node.depth === 0 ? 'writer' : 'not replicating';
  const parts: string[] = [];
  if (channel.ioState !== 'yes') parts.push(`io:${channel.ioState === 'no' ? 'stopped' : 'connecting'}`);
  if (!channel.sqlRunning) parts.push('sql:stopped');
  return parts.length === 0 ? 'replicating' : parts.join(' ');
}

/** Shortens a GTID position for one-line display. */
export function shortGtid(gtid: string, max = 48): string {
  const flat = gtid.replace(/\s+/g, '');
  return flat === '' ? '-' : cliTruncate(flat, max);
}

/** The columns of one server's line in `orc topology`. */
export function topologyLine(node: TopologyNode, now: number): string {
  const facts = node.record.facts;
  const channel = facts ? primaryChannel(facts) : null;
  const cells = [
    `${'  '.repeat(node.depth)}${node.depth > 0 ? '+ ' : ''}${formatInstanceKey(node.record.key)}`,
    node.role,
    facts ? (facts.readOnly ? 'ro' : 'rw') : '?',
    replicationStateText(node, now),
    channel ? `lag ${channel.lagSeconds === null ? '-' : `${channel.lagSeconds}s`}` : '',
    facts ? `gtid ${shortGtid(facts.gtid.executed)}` : '',
  ];
  const problems = node.problems.filter((p) => p.code !== 'unreachable' && p.code !== 'never_reached').map((p) => p.text);
  return [...cells.filter((c) => c !== ''), ...(problems.length > 0 ? [`[${problems.join('; ')}]`] : [])].join('  ');
}

const AFTERMATH_MARK: Readonly<Record<AftermathEntry['state'], string>> = {
  fenced: 'FENCED former primary: kept read-only, rejoins once seen with nothing diverged',
  diverged: 'DIVERGED former primary: re-seed it, then orc unfence',
  lost: 'LOST replica: re-seed it',
};

/** One line for a server a recovery fenced or detached, marked with what it is and what to do. */
export function aftermathLine(entry: AftermathEntry): string {
  const loss = entry.dataLoss ? '  DATA LOSS: holds transactions the primary lacks' : '';
  const detail = entry.detail ? `  (${entry.detail})` : '';
  const since = entry.since === undefined ? '' : `; since ${isoSeconds(entry.since)}`;
  return `! ${formatInstanceKey(entry.instance)}  [${AFTERMATH_MARK[entry.state]}; recovery ${entry.recoveryId}${since}]${loss}${detail}`;
}

/** The indented tree `orc topology` prints, one line per server, then the servers its recoveries left outside it. */
export function topologyText(topology: ClusterTopology): string[] {
  const title = topology.cluster.alias ? `${topology.cluster.alias} (${topology.cluster.name})` : topology.cluster.name;
  return [`cluster ${title}`, ...flattenTopology(topology.trees).map((n) => topologyLine(n, topology.at)), ...topology.aftermath.map(aftermathLine)];
}

import { primaryChannel } from '../../core/model/instance.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { flattenTopology, type TopologyNode } from '../../core/model/topology-tree.js';

/** Recent lag samples per server ("host:port"), oldest first; null when the server reported none. */
export type LagHistory = ReadonlyMap<string, readonly (number | null)[]>;

/** How many samples the trend keeps per server. */
export const LAG_SAMPLES = 12;

/**
 * Adds one lag sample per replica of the tree (pure): a server's sample is taken only when its facts are newer
 * than the last one seen, so refreshing faster than the service probes does not repeat a sample.
 */
export function appendLagSamples(
  history: LagHistory,
  seenAt: ReadonlyMap<string, number>,
  trees: readonly TopologyNode[],
  limit = LAG_SAMPLES,
): { history: LagHistory; seenAt: ReadonlyMap<string, number> } {
  const nextHistory = new Map(history);
  const nextSeen = new Map(seenAt);
  for (const node of flattenTopology(trees)) {
    const facts = node.record.facts;
    const channel = facts ? primaryChannel(facts) : null;
    if (!facts || !channel) continue;
    const name = formatInstanceKey(node.record.key);
    const checked = node.record.lastCheckedAt;
    if (nextSeen.get(name) === checked) continue;
    nextSeen.set(name, checked);
    nextHistory.set(name, [...(history.get(name) ?? []), channel.lagSeconds].slice(-limit));
  }
  return { history: nextHistory, seenAt: nextSeen };
}

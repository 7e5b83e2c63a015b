import type { ClusterTopology } from '../../core/commands/cluster-topology.js';
import { flattenTopology } from '../../core/model/topology-tree.js';
import type { StyledLine } from './styled-line.js';
import { textWidth } from './text-width.js';

/** The rule above the tree: which cluster it shows and how many servers, or that it is still loading. */
export function topologyTitle(selectedLabel: string, topology: ClusterTopology | null, width: number): StyledLine {
  const cluster = topology?.cluster;
  const text = !cluster
    ? `── ${selectedLabel} · loading… `
    : `── ${cluster.alias ? `${cluster.alias} (${cluster.name})` : cluster.name} · ${countServers(topology)} `;
  return [{ text: text + '─'.repeat(Math.max(0, width - textWidth(text))), tone: 'accent' }];
}

function countServers(topology: ClusterTopology): string {
  const n = flattenTopology(topology.trees).length;
  return n === 1 ? '1 server' : `${n} servers`;
}

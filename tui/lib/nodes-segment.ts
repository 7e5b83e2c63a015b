import type { NodeStatus } from '../../core/commands/list-nodes.js';
import type { Segment } from './styled-line.js';

/**
 * The header's node segment: how many orc services are alive and which one leads ("2 nodes · leader orc-a"), a
 * warning when none is, and nothing when no service ever ran on this store (or the rows could not be read).
 */
export function nodesSegment(nodes: readonly NodeStatus[] | null): Segment | null {
  if (!nodes || nodes.length === 0) return null;
  const live = nodes.filter((n) => !n.stale);
  if (live.length === 0) return { text: 'no orc service running', tone: 'warning' };
  const leader = live.find((n) => n.role === 'leader');
  const count = `${live.length} node${live.length === 1 ? '' : 's'}`;
  return leader ? { text: `${count} · leader ${leader.host}`, tone: 'dim' } : { text: `${count} · no leader`, tone: 'warning' };
}

import type { NodeStatus } from '../../../core/commands/list-nodes.js';
import { formatAge } from '../../../core/model/instance-problems.js';

const HEADER = ['HOST', 'PID', 'VERSION', 'STARTED', 'LAST SEEN', 'ROLE'];

/** One node as `orc nodes --json` and GET /api/nodes show it. */
export type NodeJson = ReturnType<typeof nodeJson>;

/** `orc nodes` as aligned columns: host, pid, version, started, last seen (age), role (marked stale when too old). */
export function nodesText(nodes: readonly NodeJson[]): string[] {
  if (nodes.length === 0) return ['no orc service has run on this store yet'];
  const rows = nodes.map((n) => [n.host, String(n.pid), n.version, n.startedAt, `${formatAge(n.ageMs)} ago`, n.stale ? `${n.role} (stale)` : n.role]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [HEADER, ...rows].map((cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
}

/** One node for `orc nodes --json`: times as ISO text, with age and staleness. */
export function nodeJson(n: NodeStatus) {
  return {
    holder: n.holder,
    host: n.host,
    pid: n.pid,
    version: n.version,
    role: n.role,
    startedAt: new Date(n.startedAt).toISOString(),
    lastSeenAt: new Date(n.lastSeenAt).toISOString(),
    ageMs: n.ageMs,
    stale: n.stale,
  };
}

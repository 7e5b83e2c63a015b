import type { AgentStatus } from '../../../core/commands/list-agents.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { formatAge } from '../../../core/model/instance-problems.js';
import { formatInstant } from '../../../core/model/instant.js';
import { byteSize } from '../../../core/util/byte-size.js';

const HEADER = ['INSTANCE', 'URL', 'LAST SEEN', 'HEALTH', 'METHODS', 'DISK FREE', 'ACTIVE SEED'];

/** One agent as `orc agents --json` and GET /api/agents show it. */
export type AgentJson = ReturnType<typeof agentJson>;

/** An agent for --json: its server as "host:port", last registration as ISO text and age, health, methods, free disk bytes, active seed. */
export function agentJson(a: AgentStatus) {
  return {
    instance: formatInstanceKey(a.instance),
    url: a.url,
    lastSeen: formatInstant(a.lastSeenAt),
    ageMs: a.ageMs,
    fresh: a.fresh,
    healthy: a.healthy,
    serverRunning: a.info.serverRunning,
    methods: a.info.methods,
    diskFree: a.info.diskFreeBytes,
    activeSeed: a.info.activeSeed,
  };
}

function health(a: AgentJson): string {
  if (a.healthy) return 'healthy';
  return a.fresh ? 'server down' : 'stale';
}

/** `orc agents` as aligned columns; health says why an agent is unhealthy (stale registration or server down). */
export function agentsText(agents: readonly AgentJson[]): string[] {
  if (agents.length === 0) return ['no agent has registered yet'];
  const rows = agents.map((a) => [
    a.instance,
    a.url,
    `${formatAge(a.ageMs)} ago`,
    health(a),
    a.methods.join(',') || '-',
    byteSize(a.diskFree),
    a.activeSeed ?? '-',
  ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [HEADER, ...rows].map((cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
}

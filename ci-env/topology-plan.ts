import { labError } from './lab-error.js';
import type { LabRole } from './lab-types.js';

/** One server a lab will have, before anything runs. */
export interface PlannedNode {
  port: number;
  role: LabRole;
  serverId: number;
  source: number | null;
  /** Hops from the primary (0 for the primary and for spares, which replicate from nobody). */
  depth: number;
}

const MAX_NODES = 32;

/**
 * Lays out a lab: the primary on basePort, `replicas` direct replicas on the next ports, then a chain of `chain`
 * replicas below the first replica (each replicating from the previous one), then `spares` standalone servers (no
 * data, not replicating: seed targets). Server ids are the ports.
 */
export function planTopology(basePort: number, replicas = 2, chain = 1, spares = 0): PlannedNode[] {
  for (const [flag, value] of [['--replicas', replicas], ['--chain', chain], ['--spare', spares]] as const) {
    if (!Number.isInteger(value) || value < 0) throw labError(`${flag} must be a whole number >= 0, got ${value}`);
  }
  if (chain > 0 && replicas === 0) throw labError('--chain needs at least one direct replica (--replicas >= 1)');
  const count = 1 + replicas + chain + spares;
  if (count > MAX_NODES) throw labError(`a lab has at most ${MAX_NODES} servers, asked for ${count}`);
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort + count - 1 > 65535) {
    throw labError(`--base-port must leave ${count} ports between 1024 and 65535, got ${basePort}`);
  }
  const nodes: PlannedNode[] = [{ port: basePort, role: 'primary', serverId: basePort, source: null, depth: 0 }];
  for (let i = 1; i <= replicas; i++) {
    nodes.push({ port: basePort + i, role: 'replica', serverId: basePort + i, source: basePort, depth: 1 });
  }
  for (let i = 1; i <= chain; i++) {
    const port = basePort + replicas + i;
    const source = i === 1 ? basePort + 1 : port - 1;
    nodes.push({ port, role: 'replica', serverId: port, source, depth: 1 + i });
  }
  const sources = new Set(nodes.map((n) => n.source));
  const planned = nodes.map((n): PlannedNode => (n.role === 'replica' && sources.has(n.port) ? { ...n, role: 'intermediate' } : n));
  for (let i = 1; i <= spares; i++) {
    const port = basePort + replicas + chain + i;
    planned.push({ port, role: 'spare', serverId: port, source: null, depth: 0 });
  }
  return planned;
}

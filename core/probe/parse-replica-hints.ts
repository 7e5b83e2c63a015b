import type { FlavorCapabilities } from '../model/flavor-capabilities.js';
import type { ReplicaHints } from '../model/instance.js';
import { asInt, asText, columnValue, type ServerRow } from './row-values.js';

/**
 * The host part of a processlist client ("10.0.0.7:51234" -> "10.0.0.7", "[::1]:51234" -> "::1"); a client
 * without a port (a unix socket's "localhost") keeps its text, and an empty one (a server thread) gives null.
 */
export function clientHost(text: string): string | null {
  const value = text.trim();
  if (value === '') return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  const withPort = /^(.+):\d+$/.exec(value);
  return withPort ? withPort[1]! : value;
}

/**
 * Replica hints from the server's SHOW SLAVE HOSTS / SHOW REPLICAS rows (the ports of rows naming no host) and its
 * binlog dump threads (one client host per thread, sorted).
 */
export function parseReplicaHints(caps: FlavorCapabilities, replicaHostRows: readonly ServerRow[], dumpThreadRows: readonly ServerRow[]): ReplicaHints {
  const unnamedPorts = new Set<number>();
  for (const row of replicaHostRows) {
    const host = asText(columnValue(row, caps.replicas.host, caps.replicas.statement)).trim();
    const port = asInt(columnValue(row, caps.replicas.port, caps.replicas.statement));
    if (host === '' && port > 0 && port <= 65535) unnamedPorts.add(port);
  }
  const dumpHosts: string[] = [];
  for (const row of dumpThreadRows) {
    const host = clientHost(asText(columnValue(row, caps.binlogDumpThreads.host, 'binlog dump threads')));
    if (host !== null) dumpHosts.push(host);
  }
  return Object.freeze({
    dumpHosts: Object.freeze(dumpHosts.sort()),
    unnamedPorts: Object.freeze([...unnamedPorts].sort((a, b) => a - b)),
  });
}

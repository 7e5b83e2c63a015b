import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** One TCP connection a server opened to another port on loopback. */
export interface OutgoingConnection {
  localPort: number;
  remotePort: number;
}

const LOOPBACK_HEX = '0100007F';
const ESTABLISHED = '01';
const SYN_SENT = '02';

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // the fd closed while we looked
    }
  }
  return inodes;
}

/**
 * TCP connections on 127.0.0.1 that the process `pid` opened itself (its local port is not `listenPort`), such as
 * a replica's connection to its source, read from /proc.
 */
export function outgoingConnections(pid: number, listenPort: number): OutgoingConnection[] {
  const inodes = socketInodes(pid);
  if (inodes.size === 0) return [];
  let table: string;
  try {
    table = readFileSync(`/proc/${pid}/net/tcp`, 'utf8');
  } catch {
    return [];
  }
  const found: OutgoingConnection[] = [];
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !inodes.has(f[9]!)) continue;
    const [localIp, localHex] = f[1]!.split(':');
    const [remoteIp, remoteHex] = f[2]!.split(':');
    if (localIp !== LOOPBACK_HEX || remoteIp !== LOOPBACK_HEX || (f[3] !== ESTABLISHED && f[3] !== SYN_SENT)) continue;
    const localPort = parseInt(localHex!, 16);
    if (localPort !== listenPort) found.push({ localPort, remotePort: parseInt(remoteHex!, 16) });
  }
  return found;
}

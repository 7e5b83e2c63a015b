import { parseInstanceKey, type InstanceKey } from '../model/instance-key.js';

/** The key of a server given as a host (a bare IPv6 address included) and a port; InputError when either is malformed. */
export function agentServer(host: string, port: number): InstanceKey {
  return parseInstanceKey(host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`);
}

import { InputError } from '../errors.js';

/** Identity of a server as orc addresses it: host and TCP port. */
export interface InstanceKey {
  readonly host: string;
  readonly port: number;
}

const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;

/** Parses "host:port" (or "[v6]:port") with the host lower-cased, throwing an InputError that names the bad part. */
export function parseInstanceKey(text: string): InstanceKey {
  const trimmed = text.trim();
  const idx = trimmed.lastIndexOf(':');
  if (idx <= 0 || idx === trimmed.length - 1) {
    throw new InputError(`malformed instance "${text}": expected HOST:PORT`, { input: text });
  }
  const host = trimmed.slice(0, idx);
  const portText = trimmed.slice(idx + 1);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new InputError(`malformed instance "${text}": port "${portText}" is not a number from 1 to 65535`, { input: text });
  }
  if (!HOST_RE.test(host)) {
    throw new InputError(`malformed instance "${text}": host "${host}" is not a valid host name or address`, { input: text });
  }
  // Host names are case-insensitive; one spelling keeps keys comparable everywhere (store, maps, output).
  const bare = (host.startsWith('[') ? host.slice(1, -1) : host).toLowerCase();
  return Object.freeze({ host: bare, port: Number(portText) });
}

/** Formats a key as "host:port" ("[v6]:port" for IPv6). */
export function formatInstanceKey(key: InstanceKey): string {
  return key.host.includes(':') ? `[${key.host}]:${key.port}` : `${key.host}:${key.port}`;
}

/** True when both keys name the same server. */
export function sameInstance(a: InstanceKey, b: InstanceKey): boolean {
  return a.port === b.port && a.host.toLowerCase() === b.host.toLowerCase();
}

/** Orders keys by host then port, for stable output. */
export function compareInstanceKeys(a: InstanceKey, b: InstanceKey): number {
  return a.host === b.host ? a.port - b.port : a.host < b.host ? -1 : 1;
}

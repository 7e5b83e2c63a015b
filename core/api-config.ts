import { isIP } from 'node:net';
import { z } from 'zod';

/** Where the HTTP API listens: a host name or address and a TCP port (0 picks a free one). */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** What a credential may do: read everything, or also change things. */
export type ApiRole = 'read' | 'admin';

/** Parses "HOST:PORT" (or "[v6]:PORT") for the API's listen address; returns the problem as text when malformed. */
export function parseListenAddress(text: string): ListenAddress | string {
  const idx = text.lastIndexOf(':');
  if (idx <= 0) return `listen address "${text}": expected HOST:PORT`;
  const rawHost = text.slice(0, idx);
  const portText = text.slice(idx + 1);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) return `listen address "${text}": port "${portText}" is not a number from 0 to 65535`;
  const host = rawHost.startsWith('[') && rawHost.endsWith(']') ? rawHost.slice(1, -1) : rawHost;
  if (host.includes(':') ? isIP(host) !== 6 : !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host)) {
    return `listen address "${text}": host "${rawHost}" is not a valid host name or address`;
  }
  return Object.freeze({ host: host.toLowerCase(), port: Number(portText) });
}

/** True for addresses only this machine can reach (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** Why an API on this address with these credentials must not start (reachable from other hosts with no credential), or null. */
export function apiExposureProblem(listen: ListenAddress, credentials: number): string | null {
  if (credentials > 0 || isLoopbackHost(listen.host)) return null;
  return `the API would listen on ${listen.host}:${listen.port}, reachable from other hosts, with no credential: configure api.tokens or api.basic, or listen on 127.0.0.1`;
}

/** The environment variable that may hold a credential's secret: ORC_API_TOKEN_<NAME> or ORC_API_PASSWORD_<USER>. */
export function apiSecretEnvName(kind: 'token' | 'password', name: string): `ORC_API_${string}` {
  return `ORC_API_${kind === 'token' ? 'TOKEN' : 'PASSWORD'}_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

const listenSchema = z.string().transform((text, ctx) => {
  const parsed = parseListenAddress(text);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

const credentialName = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'letters, digits, _ . @ - only (1 to 64)');
const role = z.enum(['read', 'admin']);

/** The `api` section: where the HTTP API listens, whether this node refuses mutations, and who may call it. */
export const apiSchema = z
  .strictObject({
    /** No listen address, no API. */
    listen: listenSchema.optional(),
    /** Refuse every mutation on this node (403), whoever asks. */
    readOnly: z.boolean().default(false),
    /** Bearer tokens; a token may instead come from ORC_API_TOKEN_<NAME>. */
    tokens: z.array(z.strictObject({ name: credentialName, token: z.string().min(16, 'a token needs at least 16 characters').optional(), role })).default([]),
    /** Basic-auth users; a password may instead come from ORC_API_PASSWORD_<USER>. */
    basic: z.array(z.strictObject({ user: credentialName, password: z.string().min(8, 'a password needs at least 8 characters').optional(), role })).default([]),
  })
  .refine((a) => new Set([...a.tokens.map((t) => t.name), ...a.basic.map((b) => b.user)]).size === a.tokens.length + a.basic.length, {
    message: 'credential names (tokens[].name and basic[].user) must be unique: each names the actor in audit',
  });

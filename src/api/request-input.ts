import { z } from 'zod';
import { schemaProblems } from '../../core/config-problems.js';
import { InputError } from '../../core/errors.js';
import { formatInstanceKey, parseInstanceKey } from '../../core/model/instance-key.js';

/**
 * The HOST:PORT named by two path segments, normalized, or orc_bad_input before anything runs. An IPv6 host comes
 * as its bare address (`/api/instance/::1/3306`) or in brackets.
 */
export function instanceParam(params: unknown, hostKey = 'host', portKey = 'port'): string {
  const p = params as Record<string, string | undefined>;
  const host = p[hostKey] ?? '';
  const port = p[portKey] ?? '';
  const text = host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
  return formatInstanceKey(parseInstanceKey(text));
}

/** A path segment that must not be empty (a cluster hint, a recovery id). */
export function textParam(params: unknown, key: string): string {
  const value = ((params as Record<string, string | undefined>)[key] ?? '').trim();
  if (value === '') throw new InputError(`path parameter ${key} is empty`, { field: key });
  return value;
}

/** A JSON body checked against a strict schema; no body is `{}`; every problem is named at once as orc_bad_input. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problems = schemaProblems(result.error.issues);
  throw new InputError(`malformed request body: ${problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`, { problems });
}

/** `?limit=N` (1..max), or the default when absent. */
export function limitQuery(query: unknown, fallback: number, max = 1000): number {
  const text = (query as Record<string, string | undefined>)?.limit;
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) throw new InputError(`limit "${text}": expected a whole number from 1 to ${max}`, { field: 'limit', input: text });
  return n;
}

/** `?name=true|false` or `1|0` (absent is false). */
export function flagQuery(query: unknown, name: string): boolean {
  const text = (query as Record<string, string | undefined>)?.[name];
  if (text === undefined || text === 'false' || text === '0') return false;
  if (text === 'true' || text === '1' || text === '') return true;
  throw new InputError(`${name} "${text}": expected true or false`, { field: name, input: text });
}

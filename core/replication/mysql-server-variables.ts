import { format } from 'mysql2';
import type { InstanceKey } from '../model/instance-key.js';
import type { ServerVariables } from '../ports/server-variables.js';
import { checkVariableName, variableLiteral } from '../rollouts/fleet/fleet-variable.js';
import { withServerSession, type SessionOptions } from './server-session.js';

/**
 * SET GLOBAL name = value: the name is checked as an identifier and quoted, the value is a checked number literal or
 * escaped by the driver (a value read back from the server to restore it may be any text, '' included).
 */
export function setGlobalStatement(name: string, value: string | null): string {
  checkVariableName(name);
  const literal = variableLiteral(value);
  if (literal.kind === 'default') return format('SET GLOBAL ?? = DEFAULT', [name]);
  if (literal.kind === 'number') return format(`SET GLOBAL ?? = ${literal.text}`, [name]);
  return format('SET GLOBAL ?? = ?', [name, literal.text]);
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** ServerVariables over mysql2 with the topology account (one fresh session per call, like ReplicationControl). */
export function createMysqlServerVariables(options: SessionOptions): ServerVariables {
  return {
    readGlobals: (key: InstanceKey, names, signal) =>
      withServerSession(key, options, signal, async (s) => {
        const out: Record<string, string | null> = {};
        for (const name of names) {
          checkVariableName(name);
          const rows = (await s.exec(`SELECT @@GLOBAL.${name} AS v`, `read ${name}`)) as { v: unknown }[];
          out[name] = text(rows[0]?.v);
        }
        return out;
      }),
    setGlobals: (key, values, signal) =>
      withServerSession(key, options, signal, async (s) => {
        for (const { name, value } of values) await s.exec(setGlobalStatement(name, value), `set ${name}`);
      }),
    firstValue: (key, sql, signal) =>
      withServerSession(key, options, signal, async (s) => {
        const rows = (await s.exec(sql, 'gate query')) as Record<string, unknown>[];
        const first = Array.isArray(rows) ? rows[0] : undefined;
        return first === undefined ? null : (Object.values(first)[0] ?? null);
      }),
  };
}

import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import type { AgentDatabase } from '../../core/ports/agent-client.js';
import { dirBytes } from './dir-bytes.js';
import { localRows } from './local-server.js';

/** Schemas the server owns: never reported as user data, never dropped by a seed. */
export const SYSTEM_SCHEMAS: readonly string[] = Object.freeze(['mysql', 'information_schema', 'performance_schema', 'sys']);

/**
 * The user databases of the server with the engines of their tables (lower-case) and their bytes, by name. Bytes
 * are the larger of the table statistics and, when datadir is given and the name needs no file-name encoding, the
 * database directory's files: InnoDB's statistics lag behind fresh writes by a lot.
 */
export async function listUserDatabases(conn: Connection, datadir: string | null = null): Promise<AgentDatabase[]> {
  const rows = await localRows(
    conn,
    'SELECT s.SCHEMA_NAME AS db, LOWER(t.ENGINE) AS engine, COALESCE(SUM(t.DATA_LENGTH + t.INDEX_LENGTH), 0) AS bytes ' +
      'FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t ' +
      "ON t.TABLE_SCHEMA = s.SCHEMA_NAME AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'SEQUENCE') " +
      'WHERE s.SCHEMA_NAME NOT IN (?) GROUP BY s.SCHEMA_NAME, LOWER(t.ENGINE) ORDER BY s.SCHEMA_NAME',
    [SYSTEM_SCHEMAS],
  );
  const byName = new Map<string, { engines: string[]; bytes: number }>();
  for (const r of rows) {
    const name = String(r.db);
    const entry = byName.get(name) ?? { engines: [], bytes: 0 };
    if (r.engine !== null && r.engine !== undefined) entry.engines.push(String(r.engine));
    entry.bytes += Number(r.bytes ?? 0);
    byName.set(name, entry);
  }
  const out: AgentDatabase[] = [];
  for (const [name, e] of byName) {
    const onDisk = datadir !== null && /^[A-Za-z0-9_]+$/.test(name) ? await dirBytes(join(datadir, name)) : 0;
    out.push({ name, engines: e.engines.sort(), bytes: Math.max(e.bytes, onDisk) });
  }
  return out;
}

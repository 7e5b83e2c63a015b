import { setTimeout as sleep } from 'node:timers/promises';
import type { InstanceKey } from '../model/instance-key.js';
import { awaitConnected, destroyProbeConnection, openProbeConnection, runQuery } from '../probe/probe-connection.js';

/** Credentials and time limits of the short-lived connection that kills a statement. */
export interface KillOptions {
  readonly user: string;
  readonly password: string;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
}

/** What became of the statement: gone from the server, still running after the bound, or the kill failed (why). */
export type KillResult = 'gone' | 'still running' | `kill failed: ${string}`;

/** Gap between two reads of the process list while a killed statement unwinds. */
const GONE_POLL_MS = 10;

/**
 * Kills the statement connection `connectionId` runs with KILL QUERY on a fresh short-lived connection (the one
 * running it is busy, and destroying its socket does not stop it: a blocked SET GLOBAL would land later), then
 * reads the process list until the server no longer runs it, within queryTimeoutMs. The caller destroys the
 * original connection only afterwards, so its id cannot be reused by another connection in between.
 */
export async function killStatement(key: InstanceKey, options: KillOptions, connectionId: number): Promise<KillResult> {
  if (!Number.isSafeInteger(connectionId) || connectionId <= 0) return `kill failed: bad connection id ${connectionId}`;
  const handle = openProbeConnection(key, { ...options, multipleStatements: false });
  try {
    await awaitConnected(handle);
    await runQuery(handle, `KILL QUERY ${connectionId}`, options.queryTimeoutMs);
    const polls = Math.max(1, Math.ceil(options.queryTimeoutMs / GONE_POLL_MS));
    for (let poll = 0; poll < polls; poll++) {
      const sql = `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ${connectionId} AND COMMAND = 'Query'`;
      const rows = (await runQuery(handle, sql, options.queryTimeoutMs)) as { n: number | string }[];
      if (Number(rows[0]?.n ?? 0) === 0) return 'gone';
      await sleep(GONE_POLL_MS);
    }
    return 'still running';
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    return `kill failed: ${options.password.length >= 3 ? raw.split(options.password).join('***') : raw}`;
  } finally {
    destroyProbeConnection(handle);
  }
}

import mysql from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';

/** A row as mysql2 returns it. */
export type Row = Record<string, unknown>;

/** Limits of one socket session. */
export interface SocketOptions {
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs `fn` on a connection as root through the server's unix socket, which reaches even a partitioned server;
 * the lab directory is mode 0700, so only the lab's owner can use that password-less account.
 */
export async function withSocket<T>(socket: string, fn: (conn: Connection) => Promise<T>, opts: SocketOptions = {}): Promise<T> {
  const conn = await mysql.createConnection({
    socketPath: socket,
    user: 'root',
    connectTimeout: opts.connectTimeoutMs ?? 2000,
    multipleStatements: false,
  });
  const onAbort = (): void => conn.destroy();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await fn(conn);
    await conn.end().catch(() => conn.destroy());
    return result;
  } catch (err) {
    conn.destroy();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Runs one statement with a timeout and returns its rows (empty for statements without a result set). */
export async function sqlRows(conn: Connection, text: string, values: unknown[] = [], timeoutMs = 10_000): Promise<Row[]> {
  try {
    const [result] = await conn.query<RowDataPacket[]>({ sql: text, values, timeout: timeoutMs });
    return Array.isArray(result) ? (result as Row[]) : [];
  } catch (err) {
    // mysql2 attaches the formatted statement, which may hold a password, to its errors.
    if (err !== null && typeof err === 'object' && 'sql' in err) delete (err as { sql?: string }).sql;
    throw err;
  }
}

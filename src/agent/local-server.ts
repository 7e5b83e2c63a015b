import { hostname } from 'node:os';
import { isAbsolute, join } from 'node:path';
import mysql from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { AgentConfig } from './agent-config.js';
import { loadCnfOptions, serverOption } from './cnf-options.js';

/** A row as mysql2 returns it. */
export type Row = Record<string, unknown>;

/** Where the local server's socket and pid file are, as its cnf says (the agent config may name the socket). */
export interface ServerFiles {
  readonly socket: string;
  readonly pidFile: string;
}

/** The local server's socket and pid file, read from its cnf now (a relative pid-file is under the datadir, as for mariadbd). */
export function serverFiles(config: AgentConfig): ServerFiles {
  const options = loadCnfOptions(config.server.cnf);
  const socket = config.server.socket ?? serverOption(options, 'socket') ?? '/run/mysqld/mysqld.sock';
  const pid = serverOption(options, 'pid_file') ?? `${hostname()}.pid`;
  return { socket, pidFile: isAbsolute(pid) ? pid : join(config.server.datadir, pid) };
}

/** Runs fn on a connection to the local server through its socket as the agent's account; always closes it. */
export async function withLocalSql<T>(config: AgentConfig, socket: string, fn: (c: Connection) => Promise<T>, connectTimeoutMs = 2000): Promise<T> {
  const conn = await mysql.createConnection({
    socketPath: socket,
    user: config.server.user,
    password: config.server.password,
    connectTimeout: connectTimeoutMs,
    multipleStatements: false,
  });
  try {
    return await fn(conn);
  } finally {
    conn.destroy();
  }
}

/** Runs one statement with a timeout and returns its rows (empty for statements without a result set). */
export async function localRows(conn: Connection, sql: string, values: unknown[] = [], timeoutMs = 30_000): Promise<Row[]> {
  try {
    const [result] = await conn.query<RowDataPacket[]>({ sql, values, timeout: timeoutMs });
    return Array.isArray(result) ? (result as Row[]) : [];
  } catch (err) {
    // mysql2 attaches the formatted statement, which may hold a password, to its errors.
    if (err !== null && typeof err === 'object' && 'sql' in err) delete (err as { sql?: string }).sql;
    throw err;
  }
}

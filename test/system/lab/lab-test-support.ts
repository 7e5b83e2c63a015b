import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { LabInfo } from '../../../ci-env/lab.js';

/** A row as mysql2 returns it. */
export type Row = Record<string, unknown>;

/** Runs `fn` on a TCP connection to 127.0.0.1:port as the given account (short timeouts: servers may be faulted). */
export async function withTcp<T>(port: number, user: string, password: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user, password, connectTimeout: 1000 });
  try {
    return await fn(conn);
  } finally {
    conn.destroy();
  }
}

/** Runs `fn` as the lab's admin account over TCP. */
export function withAdmin<T>(info: LabInfo, port: number, fn: (c: Connection) => Promise<T>): Promise<T> {
  return withTcp(port, info.user, info.password, fn);
}

/** Runs one statement and returns its rows. */
export async function rows(conn: Connection, sql: string, values: unknown[] = []): Promise<Row[]> {
  const [result] = await conn.query<RowDataPacket[]>({ sql, values, timeout: 5000 });
  return Array.isArray(result) ? (result as Row[]) : [];
}

/** SHOW SLAVE STATUS of one server as the admin, or undefined on a server that is not a replica. */
export async function slaveStatus(info: LabInfo, port: number): Promise<Row | undefined> {
  return withAdmin(info, port, async (c) => (await rows(c, 'SHOW SLAVE STATUS'))[0]);
}

/** True when no live process has this pid any more (a zombie waiting to be reaped counts as gone). */
export function procGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

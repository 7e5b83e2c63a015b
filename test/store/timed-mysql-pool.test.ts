import { describe, expect, it } from 'vitest';
import type { Pool, PoolConnection } from 'mysql2';
import { timedMysqlPool } from '../../core/store/timed-mysql-pool.js';

interface FakeConnection {
  readonly queries: { sql: string; values: unknown[]; timeout: number }[];
  released: number;
  destroyed: number;
}

/** A mysql2 pool stand-in whose single connection answers each query with the next scripted outcome. */
function fakePool(outcomes: (Error | unknown[])[]): { pool: Pool; connection: FakeConnection } {
  const connection: FakeConnection = { queries: [], released: 0, destroyed: 0 };
  const raw = {
    query(options: { sql: string; values: unknown[]; timeout: number }, callback: (err: Error | null, result?: unknown) => void) {
      connection.queries.push(options);
      const outcome = outcomes.shift();
      if (outcome instanceof Error) callback(outcome);
      else callback(null, outcome);
    },
    release: () => void (connection.released += 1),
    destroy: () => void (connection.destroyed += 1),
  };
  const pool = {
    getConnection: (callback: (err: Error | null, conn: PoolConnection) => void) => callback(null, raw as unknown as PoolConnection),
    end: (callback: (err: Error | null) => void) => callback(null),
  };
  return { pool: pool as unknown as Pool, connection };
}

function getConnection(pool: ReturnType<typeof timedMysqlPool>) {
  return new Promise<Parameters<Parameters<typeof pool.getConnection>[0]>[1]>((resolve, reject) =>
    pool.getConnection((err, conn) => (err ? reject(err) : resolve(conn))),
  );
}

function query(conn: Awaited<ReturnType<typeof getConnection>>, sql: string): Promise<unknown> {
  return new Promise((resolve, reject) => conn.query(sql, [1], (err, result) => (err ? reject(err) : resolve(result))));
}

function timeoutError(): Error {
  return Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' });
}

describe('timedMysqlPool', () => {
  it('passes the timeout with every query and returns a healthy connection to the pool', async () => {
    const { pool, connection } = fakePool([[{ n: 1 }]]);
    const conn = await getConnection(timedMysqlPool(pool, 1234));
    expect(await query(conn, 'select ?')).toEqual([{ n: 1 }]);
    conn.release();
    expect(connection.queries).toEqual([{ sql: 'select ?', values: [1], timeout: 1234 }]);
    expect([connection.released, connection.destroyed]).toEqual([1, 0]);
  });

  it('destroys a connection whose query timed out instead of pooling it', async () => {
    const { pool, connection } = fakePool([timeoutError()]);
    const conn = await getConnection(timedMysqlPool(pool, 50));
    await expect(query(conn, 'select sleep(10)')).rejects.toThrow('Query inactivity timeout');
    conn.release();
    expect([connection.released, connection.destroyed]).toEqual([0, 1]);
  });

  it('destroys a connection after a fatal error but pools it after an ordinary SQL error', async () => {
    const sqlError = Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY', fatal: false });
    const fatal = Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true });
    const { pool, connection } = fakePool([sqlError, fatal]);
    const timed = timedMysqlPool(pool, 50);
    const first = await getConnection(timed);
    await expect(query(first, 'insert')).rejects.toThrow('Duplicate entry');
    first.release();
    const second = await getConnection(timed);
    await expect(query(second, 'select')).rejects.toThrow('Connection lost');
    second.release();
    expect([connection.released, connection.destroyed]).toEqual([1, 1]);
  });
});

import type { MysqlPool, MysqlPoolConnection, MysqlQueryResult, MysqlStream, MysqlStreamOptions } from 'kysely';
import type { Pool, PoolConnection } from 'mysql2';

/**
 * Wraps a mysql2 pool for kysely so every query has a timeout, and a connection that timed out or broke is
 * destroyed instead of going back to the pool (a timed-out mysql2 connection stays stuck and would be reused).
 */
export function timedMysqlPool(pool: Pool, queryTimeoutMs: number): MysqlPool {
  return {
    getConnection(callback) {
      pool.getConnection((err, connection) => {
        if (err) callback(err, undefined as never);
        else callback(null, timedConnection(connection, queryTimeoutMs));
      });
    },
    end(callback) {
      pool.end((err) => callback(err ?? null));
    },
  };
}

function timedConnection(connection: PoolConnection, timeout: number): MysqlPoolConnection {
  let broken = false;
  function query(sql: string, values: unknown[]): { stream<T>(options: MysqlStreamOptions): MysqlStream<T> };
  function query(sql: string, values: unknown[], callback: (error: unknown, result: MysqlQueryResult) => void): void;
  function query(sql: string, values: unknown[], callback?: (error: unknown, result: MysqlQueryResult) => void) {
    if (!callback) return connection.query({ sql, values, timeout }) as unknown as { stream<T>(options: MysqlStreamOptions): MysqlStream<T> };
    connection.query({ sql, values, timeout }, (err, result) => {
      if (err && (err.fatal || err.code === 'PROTOCOL_SEQUENCE_TIMEOUT')) broken = true;
      callback(err, result as MysqlQueryResult);
    });
  }
  return {
    query,
    release() {
      if (broken) connection.destroy();
      else connection.release();
    },
  };
}

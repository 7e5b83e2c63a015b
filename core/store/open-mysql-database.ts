import { Kysely, MysqlDialect } from 'kysely';
import mysql from 'mysql2';
import type { Pool, PoolOptions } from 'mysql2';
import { StoreError } from '../errors.js';
import type { StoreDatabase } from './schema.js';
import { redact } from './store-failure.js';
import { timedMysqlPool } from './timed-mysql-pool.js';

/** Connection settings of a MySQL/MariaDB store (the mysql branch of Config['store']). */
export interface MysqlStoreConfig {
  readonly kind: 'mysql';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** Timeouts and pool bounds of a MySQL/MariaDB store. */
export interface MysqlStoreLimits {
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  readonly poolSize: number;
}

const ER_DBACCESS_DENIED_ERROR = 1044;
const ER_ACCESS_DENIED_ERROR = 1045;
const ER_BAD_DB_ERROR = 1049;

/**
 * Connects a bounded pool to the store database, creating the database (utf8mb4_bin) when it is missing and the
 * user may; fails with a StoreError naming host, port and database, never the password.
 */
export async function openMysqlDatabase(config: MysqlStoreConfig, limits: MysqlStoreLimits): Promise<Kysely<StoreDatabase>> {
  const where = `${config.host}:${config.port}`;
  const base: PoolOptions = {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    connectTimeout: limits.connectTimeoutMs,
    // Binary collation on the connection too, so even literal comparisons behave like SQLite's.
    charset: 'UTF8MB4_BIN',
    supportBigNumbers: false,
    bigNumberStrings: false,
    dateStrings: true,
    timezone: 'Z',
  };
  const pool = mysql.createPool({
    ...base,
    database: config.database,
    connectionLimit: limits.poolSize,
    maxIdle: limits.poolSize,
    idleTimeout: 60_000,
    enableKeepAlive: true,
  });
  try {
    await checkConnection(pool).catch(async (err: unknown) => {
      if (errno(err) !== ER_BAD_DB_ERROR) throw err;
      await createDatabase(base, config);
      await checkConnection(pool);
    });
  } catch (err) {
    await endPool(pool);
    throw connectFailure(err, config, where);
  }
  return new Kysely<StoreDatabase>({ dialect: new MysqlDialect({ pool: timedMysqlPool(pool, limits.queryTimeoutMs) }) });
}

function checkConnection(pool: Pool): Promise<void> {
  return new Promise((resolve, reject) => {
    pool.getConnection((err, connection) => {
      if (err) return reject(err);
      connection.release();
      resolve();
    });
  });
}

async function createDatabase(base: PoolOptions, config: MysqlStoreConfig): Promise<void> {
  const connection = mysql.createConnection(base).promise();
  try {
    await connection.query('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [config.database]);
  } catch (err) {
    if (errno(err) === ER_DBACCESS_DENIED_ERROR) {
      throw new StoreError(
        `store: database ${config.database} does not exist on ${config.host}:${config.port} and user ${config.user} may not create it; create it or grant CREATE`,
        { host: config.host, port: config.port, database: config.database },
      );
    }
    throw err;
  } finally {
    connection.destroy();
  }
}

function connectFailure(err: unknown, config: MysqlStoreConfig, where: string): StoreError {
  if (err instanceof StoreError) return err;
  const reason = redact(err instanceof Error ? err.message : String(err), config.password);
  const hint = errno(err) === ER_ACCESS_DENIED_ERROR ? ' (check store.user and the store password)' : '';
  return new StoreError(`store: cannot connect to MySQL store ${config.database} on ${where} as ${config.user}: ${reason}${hint}`, {
    host: config.host,
    port: config.port,
    database: config.database,
  });
}

/** Ends the pool, ignoring errors: used on paths that already report a failure. */
function endPool(pool: Pool): Promise<void> {
  return new Promise((resolve) => pool.end(() => resolve()));
}

function errno(err: unknown): number | undefined {
  const value = (err as { errno?: unknown } | null)?.errno;
  return typeof value === 'number' ? value : undefined;
}

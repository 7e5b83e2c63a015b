import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { StoreError } from '../errors.js';
import type { StoreDatabase } from './schema.js';
import { SqliteStoreDialect } from './sqlite-store-driver.js';

/** How long a writer waits for another process's lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if missing) the SQLite file in WAL mode with a busy timeout, so a dashboard process can read
 * while the service writes; the parent directory must exist.
 */
export function openSqliteDatabase(path: string): Kysely<StoreDatabase> {
  let database: Database.Database;
  try {
    database = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    database.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode and avoids an fsync per write.
    database.pragma('synchronous = NORMAL');
  } catch (err) {
    throw new StoreError(`store: cannot open SQLite store at ${path}: ${(err as Error).message}`, { path });
  }
  return new Kysely<StoreDatabase>({ dialect: new SqliteStoreDialect({ database }) });
}

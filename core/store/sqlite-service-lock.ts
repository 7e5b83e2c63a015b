import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';

/** An exclusive lock held for a service's lifetime; release() gives it up (so does the process's exit). */
export interface ServiceLock {
  readonly path: string;
  release(): void;
}

/** The lock file next to a SQLite store. */
export function serviceLockPath(storePath: string): string {
  return `${storePath}.service-lock`;
}

/**
 * Takes the exclusive lock of the file next to a SQLite store without waiting, or returns null when another
 * connection (this process's or another's) holds it. It is SQLite's own OS-level file lock on a separate database
 * file, so the store itself stays open to readers and writers, and a killed holder's lock goes with its process.
 */
export function tryLockSqliteService(storePath: string): ServiceLock | null {
  const path = serviceLockPath(storePath);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 0 });
  } catch (err) {
    throw new StoreError(`store: cannot open the service lock ${path}: ${(err as Error).message}`, { path });
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if ((err as { code?: unknown }).code === 'SQLITE_BUSY') return null;
    throw new StoreError(`store: cannot take the service lock ${path}: ${(err as Error).message}`, { path });
  }
  return {
    path,
    release: () => {
      if (db.open) db.close();
    },
  };
}

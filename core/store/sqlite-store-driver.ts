import { sql, SqliteAdapter, SqliteDialect, type DialectAdapter, type Kysely, type SqliteDialectConfig } from 'kysely';

/**
 * SQLite's adapter, except that the migration lock is a write transaction (BEGIN IMMEDIATE): kysely's own is a
 * no-op, which is only safe within one process, and a service and a dashboard may start on the same file at once.
 */
class LockingSqliteAdapter extends SqliteAdapter {
  #locked = false;

  override async acquireMigrationLock(db: Kysely<any>): Promise<void> {
    await sql`begin immediate`.execute(db);
    this.#locked = true;
  }

  override async releaseMigrationLock(db: Kysely<any>): Promise<void> {
    if (!this.#locked) return;
    this.#locked = false;
    await sql`commit`.execute(db);
  }
}

/** kysely's SqliteDialect whose migrations hold the database's write lock, so concurrent processes take turns. */
export class SqliteStoreDialect extends SqliteDialect {
  constructor(config: SqliteDialectConfig) {
    super(config);
  }

  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter();
  }
}

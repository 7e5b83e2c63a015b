import {
  MysqlAdapter,
  sql,
  SqliteAdapter,
  type CreateTableBuilder,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type Updateable,
} from 'kysely';
import { StoreError } from '../errors.js';
import type { StoreDatabase } from './schema.js';

type TableName = keyof StoreDatabase & string;

/** What differs between the SQLite and MySQL/MariaDB backends, in one place. */
export interface StoreDialect {
  readonly name: 'sqlite' | 'mysql';
  /** Column type for JSON documents and long messages. */
  readonly longText: RawBuilder<unknown>;
  /** Applies the backend's table options (engine, charset, binary collation) to a CREATE TABLE. */
  withTableOptions<T extends string, C extends string>(table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
  /** True when the named index exists on table (CREATE INDEX IF NOT EXISTS is not portable to MySQL 8). */
  indexExists(db: Kysely<any>, table: string, index: string): Promise<boolean>;
  /** The backend's own clock as whole epoch milliseconds, one value for a whole statement: the clock every orc host shares. */
  readonly nowMs: RawBuilder<number>;
  /**
   * Makes a select inside a transaction lock the rows it reads until the transaction ends, so nobody changes them
   * before it commits (MySQL: FOR UPDATE, which MariaDB and MySQL both have; FOR SHARE is MySQL 8 only).
   */
  lockRows<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Inserts values, or on a conflict with the primary key applies update to the existing row. */
  upsert<T extends TableName>(
    db: Kysely<StoreDatabase>,
    table: T,
    values: Insertable<StoreDatabase[T]>,
    conflictColumns: readonly (keyof StoreDatabase[T] & string)[],
    update: Updateable<StoreDatabase[T]>,
  ): Promise<void>;
  /** True when err is the driver's duplicate-key (primary key or unique index) violation. */
  isDuplicateKey(err: unknown): boolean;
}

function errorCode(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}

/** SQLite: text is unbounded and compares bytewise; upsert is INSERT ... ON CONFLICT DO UPDATE. */
export const sqliteStoreDialect: StoreDialect = Object.freeze({
  name: 'sqlite',
  longText: sql`text`,
  withTableOptions: (table) => table,
  async indexExists(db, table, index) {
    const { rows } = await sql`select 1 from sqlite_master where type = 'index' and tbl_name = ${table} and name = ${index}`.execute(db);
    return rows.length > 0;
  },
  // unixepoch('subsec') needs SQLite 3.42+ (better-sqlite3 12 bundles 3.53); 'now' is fixed for one sqlite3_step.
  nowMs: sql<number>`cast(round(unixepoch('subsec') * 1000) as integer)`,
  // FOR UPDATE is a syntax error here, and not needed: in WAL mode a transaction that read a row and then writes
  // fails with SQLITE_BUSY_SNAPSHOT when another connection committed a change since its read.
  lockRows: (query) => query,
  async upsert(db, table, values, conflictColumns, update) {
    await db
      .insertInto(table)
      .values(values as never)
      .onConflict((oc) => oc.columns(conflictColumns as never).doUpdateSet(update as never))
      .execute();
  },
  isDuplicateKey: (err) => errorCode(err) === 'SQLITE_CONSTRAINT_PRIMARYKEY' || errorCode(err) === 'SQLITE_CONSTRAINT_UNIQUE',
} satisfies StoreDialect);

/** MySQL/MariaDB: utf8mb4_bin so text compares and sorts like SQLite; upsert is ON DUPLICATE KEY UPDATE. */
export const mysqlStoreDialect: StoreDialect = Object.freeze({
  name: 'mysql',
  longText: sql`mediumtext`,
  withTableOptions: (table) => table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`),
  async indexExists(db, table, index) {
    const { rows } = await sql`select 1 from information_schema.statistics
      where table_schema = database() and table_name = ${table} and index_name = ${index}`.execute(db);
    return rows.length > 0;
  },
  // NOW(3)'s instant taken from UTC_TIMESTAMP(3): UNIX_TIMESTAMP(NOW(3)) would depend on the session time zone
  // and is ambiguous in a DST fall-back hour. Both are fixed at the start of the statement.
  nowMs: sql<number>`(timestampdiff(microsecond, '1970-01-01 00:00:00', utc_timestamp(3)) div 1000)`,
  lockRows: (query) => query.forUpdate(),
  async upsert(db, table, values, _conflictColumns, update) {
    await db
      .insertInto(table)
      .values(values as never)
      .onDuplicateKeyUpdate(update as never)
      .execute();
  },
  isDuplicateKey: (err) => errorCode(err) === 'ER_DUP_ENTRY',
} satisfies StoreDialect);

/** The dialect of an open store database or one of its transactions, read from the kysely adapter it runs on. */
export function storeDialectOf(db: Kysely<any>): StoreDialect {
  const { adapter } = db.getExecutor();
  if (adapter instanceof MysqlAdapter) return mysqlStoreDialect;
  if (adapter instanceof SqliteAdapter) return sqliteStoreDialect;
  throw new StoreError(`store: no store dialect for kysely adapter ${adapter.constructor.name}`);
}

import { sql, type CreateTableBuilder, type Insertable, type Kysely, type RawBuilder, type Updateable } from 'kysely';
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
  async upsert(db, table, values, _conflictColumns, update) {
    await db
      .insertInto(table)
      .values(values as never)
      .onDuplicateKeyUpdate(update as never)
      .execute();
  },
  isDuplicateKey: (err) => errorCode(err) === 'ER_DUP_ENTRY',
} satisfies StoreDialect);

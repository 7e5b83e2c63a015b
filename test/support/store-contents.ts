import type { Kysely } from 'kysely';

/** Every row of every table of a store database, as sorted JSON lines per table (to prove nothing changed). */
export async function storeContents(db: Kysely<any>): Promise<Record<string, string[]>> {
  const contents: Record<string, string[]> = {};
  const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
  for (const table of tables) {
    const rows: unknown[] = await db.selectFrom(table).selectAll().execute();
    contents[table] = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))).sort();
  }
  return contents;
}

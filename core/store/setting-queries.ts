import type { Kysely } from 'kysely';
import { checkSetting } from './recovery-store-inputs.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';

type Db = Kysely<StoreDatabase>;

/** Reads a runtime switch; null when it was never set. */
export async function getSetting(db: Db, name: string): Promise<string | null> {
  checkSetting(name);
  const row = await db.selectFrom('orc_settings').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value ?? null;
}

/** Sets (or replaces) a runtime switch. */
export async function setSetting(db: Db, dialect: StoreDialect, name: string, value: string, at: number): Promise<void> {
  checkSetting(name, at);
  await dialect.upsert(db, 'orc_settings', { name, value, updated_at: at }, ['name'], { value, updated_at: at });
}

import type { Kysely } from 'kysely';
import { RefusedError } from '../../errors.js';

/**
 * Refuses, before anything is written, a store whose migration table records migrations this orc does not know:
 * a newer orc wrote it, and running an older schema's code over it could damage what the newer one keeps.
 */
export async function refuseNewerStore(db: Kysely<any>, migrationTable: string, known: readonly string[]): Promise<void> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === migrationTable)) return;
  const applied: { name: string }[] = await db.selectFrom(migrationTable).select('name').execute();
  const unknown = applied.map((row) => row.name).filter((name) => !known.includes(name)).sort();
  if (unknown.length === 0) return;
  throw new RefusedError(
    'orc_refused',
    `store was written by a newer orc: it records migration${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}, ` +
      'unknown to this orc; upgrade orc to use it (nothing was changed)',
    { unknownMigrations: unknown, latestKnownMigration: [...known].sort().at(-1) ?? null },
  );
}

import { InputError, NotFoundError } from '../errors.js';
import type { SeedStore } from '../ports/seed-store.js';
import type { Seed } from '../seeds/seed.js';

/** The seed of an id, or orc_unknown_seed (an empty id is orc_bad_input). */
export async function knownSeed(store: Pick<SeedStore, 'getSeed'>, id: string): Promise<Seed> {
  const trimmed = id.trim();
  if (trimmed === '') throw new InputError('a seed id is needed (orc seed list shows them)', { field: 'id' });
  const seed = await store.getSeed(trimmed);
  if (!seed) throw new NotFoundError('orc_unknown_seed', `unknown seed "${trimmed}" (orc seed list shows them)`, { seed: trimmed });
  return seed;
}

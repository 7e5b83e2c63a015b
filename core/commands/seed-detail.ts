import type { SeedStateRow } from '../seeds/seed-transition.js';
import type { Seed } from '../seeds/seed.js';
import { knownSeed } from './known-seed.js';
import type { SeedCommandContext } from './seed-command-context.js';

/** One seed and its history, oldest row first. */
export interface SeedDetail {
  readonly seed: Seed;
  readonly history: readonly SeedStateRow[];
}

/** `orc seed show ID`: the seed and its timeline; an unknown id is orc_unknown_seed. */
export async function seedDetail(ctx: Pick<SeedCommandContext, 'store'>, id: string): Promise<SeedDetail> {
  const seed = await knownSeed(ctx.store, id);
  return { seed, history: await ctx.store.listSeedStates(seed.id) };
}

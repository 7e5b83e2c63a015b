import type { Seed } from '../seeds/seed.js';
import type { SeedCommandContext } from './seed-command-context.js';

/** How many seeds a list shows unless told otherwise. */
export const DEFAULT_SEED_LIMIT = 100;

/** `orc seed list [--active]`: seeds newest first, only the active ones (Scheduled, Running, Error, Aborting) on request. */
export async function listSeeds(ctx: Pick<SeedCommandContext, 'store'>, options: { active?: boolean; limit?: number } = {}): Promise<Seed[]> {
  return ctx.store.listSeeds({ ...(options.active ? { active: true } : {}), ...(options.limit !== undefined ? { limit: options.limit } : {}) });
}

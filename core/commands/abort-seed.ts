import { nanoid } from 'nanoid';
import { errorLine, RefusedError } from '../errors.js';
import { formatInstanceKey } from '../model/instance-key.js';
import { seedAbortRefusal } from '../seeds/seed-abort-refusal.js';
import { stateRow } from '../seeds/seed-transition.js';
import type { Seed } from '../seeds/seed.js';
import { knownSeed } from './known-seed.js';
import type { SeedCommandContext } from './seed-command-context.js';

/**
 * `orc seed abort ID`: flags an active seed for abort (the seed loop's next tick aborts its agents and fails it) and
 * notes it in its history. A Completed or Failed seed is refused (orc_refused, nothing changes); an unknown id is
 * orc_unknown_seed. Audited as seed-abort with the actor, refusals too.
 */
export async function abortSeed(ctx: Pick<SeedCommandContext, 'store' | 'clock' | 'actor'>, id: string): Promise<Seed> {
  const seed = await knownSeed(ctx.store, id);
  const cluster = (await ctx.store.getInstance(seed.target))?.clusterName ?? null;
  const audit = (outcome: 'ok' | 'refused', detail: string) =>
    ctx.store.appendAudit({ id: nanoid(), at: ctx.clock.now(), actor: ctx.actor, action: 'seed-abort', target: formatInstanceKey(seed.target), cluster, detail, outcome });
  const now = ctx.clock.now();
  const refusal = seedAbortRefusal(seed);
  // The store flags only a seed still active: one that ended since it was read is refused the same way.
  const flagged = refusal === null && (await ctx.store.requestSeedAbort(seed.id, now));
  if (!flagged) {
    const ended = refusal === null ? ((await ctx.store.getSeed(seed.id)) ?? seed) : seed;
    const err = new RefusedError('orc_refused', refusal ?? seedAbortRefusal(ended) ?? `seed ${seed.id} could not be flagged for abort`, { seed: seed.id, status: ended.status });
    await audit('refused', errorLine(err));
    throw err;
  }
  const current = (await ctx.store.getSeed(seed.id)) ?? seed;
  await ctx.store.appendSeedState(stateRow(current, now, `abort requested by ${ctx.actor}`));
  await audit('ok', `abort of seed ${seed.id} (${seed.method} of ${formatInstanceKey(seed.target)} from ${formatInstanceKey(seed.source)}, ${seed.status} ${seed.stage})`);
  return current;
}

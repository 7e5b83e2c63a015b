import { resolveCluster } from '../../core/commands/resolve-cluster.js';
import type { BotCommandContext } from '../bot-context.js';
import { progressReply } from '../views/action-views.js';
import type { BotReply } from '../views/blocks.js';

/** How often a running takeover or failover's message is refreshed with its steps (Slack rate-limits chat.update near 1/s). */
const PROGRESS_EVERY_MS = 2000;

/**
 * Refreshes one message with the steps of the cluster's recovery started at or after since while it runs; returns
 * a stop function that resolves once no refresh is in flight (so the final result is never overwritten).
 */
export function watchRecoveryProgress(ctx: BotCommandContext, clusterHint: string, since: number, what: string, by: string, update: (reply: BotReply) => Promise<unknown>): () => Promise<void> {
  let inFlight: Promise<void> = Promise.resolve();
  let busy = false;
  const refresh = async () => {
    const cluster = await resolveCluster(ctx.store, clusterHint);
    const [latest] = await ctx.store.listRecoveries({ cluster: cluster.name, limit: 1 });
    if (!latest || latest.status !== 'running' || latest.startedAt < since) return;
    const steps = (await ctx.store.getRecovery(latest.id))?.steps ?? [];
    const done = steps.map((s) => `${s.status === 'ok' ? '✓' : s.status === 'failed' ? '✗' : '…'} ${s.name}`).join(', ');
    await update(progressReply(`${what}: recovery ${latest.id}${done ? `: ${done}` : ''}`, by));
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    inFlight = refresh()
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, PROGRESS_EVERY_MS);
  return async () => {
    clearInterval(timer);
    await inFlight;
  };
}

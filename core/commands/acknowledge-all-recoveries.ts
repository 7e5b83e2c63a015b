import { acknowledgePending, type AckResult } from './acknowledge-pending.js';
import { RECOVERY_SEARCH_LIMIT } from './cluster-recoveries.js';
import type { CommandContext } from './command-context.js';

/** Acknowledges every unacknowledged recovery of every cluster (lifting each anti-flap block), in one audit line. */
export async function acknowledgeAllRecoveries(ctx: Pick<CommandContext, 'store' | 'clock' | 'actor'>, comment = ''): Promise<AckResult> {
  const pending = (await ctx.store.listRecoveries({ limit: RECOVERY_SEARCH_LIMIT })).filter((r) => r.acknowledgedAt === null);
  return acknowledgePending(ctx, pending, { action: 'ack-all-recoveries', target: 'global', cluster: null }, comment);
}

import { nanoid } from 'nanoid';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import type { AckResult } from './acknowledge-recoveries.js';
import { RECOVERY_SEARCH_LIMIT } from './cluster-recoveries.js';
import type { CommandContext } from './command-context.js';

/** Acknowledges every unacknowledged recovery of every cluster (lifting each anti-flap block), in one audit line. */
export async function acknowledgeAllRecoveries(ctx: Pick<CommandContext, 'store' | 'clock' | 'actor'>, comment = ''): Promise<AckResult> {
  const pending = (await ctx.store.listRecoveries({ limit: RECOVERY_SEARCH_LIMIT })).filter((r) => r.acknowledgedAt === null);
  const at = ctx.clock.now();
  const acknowledged: RecoveryRecord[] = [];
  for (const r of pending) {
    if ((await ctx.store.acknowledgeRecoveries({ id: r.id }, ctx.actor, comment, at)) > 0) {
      acknowledged.push({ ...r, acknowledgedAt: at, acknowledgedBy: ctx.actor, ackComment: comment });
    }
  }
  await ctx.store.appendAudit({
    id: nanoid(),
    at,
    actor: ctx.actor,
    action: 'ack-all-recoveries',
    target: 'global',
    cluster: null,
    detail: `acknowledged ${acknowledged.length}: ${acknowledged.map((r) => r.id).join(', ') || 'none pending'}${comment ? `; ${comment}` : ''}`,
    outcome: 'ok',
  });
  return { acknowledged };
}

import { nanoid } from 'nanoid';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import type { CommandContext } from './command-context.js';
import { clusterRecoveries } from './cluster-recoveries.js';

/** What `orc ack` acknowledged. */
export interface AckResult {
  readonly acknowledged: readonly RecoveryRecord[];
}

/**
 * `orc ack CLUSTER [--comment TEXT]`: acknowledges every unacknowledged recovery of the cluster (matched as
 * `orc recoveries` does), which lifts the anti-flap block on automated recovery. Audited.
 */
export async function acknowledgeRecoveries(ctx: Pick<CommandContext, 'store' | 'clock' | 'actor'>, clusterHint: string, comment = ''): Promise<AckResult> {
  const pending = (await clusterRecoveries(ctx, clusterHint)).filter((r) => r.acknowledgedAt === null);
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
    action: 'ack-recoveries',
    target: clusterHint,
    cluster: pending[0]?.cluster ?? null,
    detail: `acknowledged ${acknowledged.length}: ${acknowledged.map((r) => r.id).join(', ') || 'none pending'}${comment ? `; ${comment}` : ''}`,
    outcome: 'ok',
  });
  return { acknowledged };
}

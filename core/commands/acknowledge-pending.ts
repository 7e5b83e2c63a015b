import { nanoid } from 'nanoid';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import type { CommandContext } from './command-context.js';

/** What `orc ack` acknowledged. */
export interface AckResult {
  readonly acknowledged: readonly RecoveryRecord[];
}

/** Where an acknowledgement applies, for its one audit line. */
export interface AckScope {
  readonly action: string;
  readonly target: string;
  readonly cluster: string | null;
}

/** Acknowledges each of the pending recoveries not acknowledged meanwhile, then writes one audit line naming them. */
export async function acknowledgePending(
  ctx: Pick<CommandContext, 'store' | 'clock' | 'actor'>,
  pending: readonly RecoveryRecord[],
  scope: AckScope,
  comment: string,
): Promise<AckResult> {
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
    ...scope,
    detail: `acknowledged ${acknowledged.length}: ${acknowledged.map((r) => r.id).join(', ') || 'none pending'}${comment ? `; ${comment}` : ''}`,
    outcome: 'ok',
  });
  return { acknowledged };
}

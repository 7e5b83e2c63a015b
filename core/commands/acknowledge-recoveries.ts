import { acknowledgePending, type AckResult } from './acknowledge-pending.js';
import { clusterRecoveries } from './cluster-recoveries.js';
import type { CommandContext } from './command-context.js';

export type { AckResult } from './acknowledge-pending.js';

/**
 * `orc ack CLUSTER [--comment TEXT]`: acknowledges every unacknowledged recovery of the cluster (matched as
 * `orc recoveries` does), which lifts the anti-flap block on automated recovery. Audited.
 */
export async function acknowledgeRecoveries(ctx: Pick<CommandContext, 'store' | 'clock' | 'actor'>, clusterHint: string, comment = ''): Promise<AckResult> {
  const pending = (await clusterRecoveries(ctx, clusterHint)).filter((r) => r.acknowledgedAt === null);
  return acknowledgePending(ctx, pending, { action: 'ack-recoveries', target: clusterHint, cluster: pending[0]?.cluster ?? null }, comment);
}

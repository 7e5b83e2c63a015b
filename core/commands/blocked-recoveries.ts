import type { CommandContext } from './command-context.js';
import { clustersOverview, type ClusterOverview } from './clusters-overview.js';

/** A cluster whose automated recovery the anti-flap block holds back, with the recovery that set the block. */
export interface BlockedCluster extends ClusterOverview {
  /** Epoch ms the block ends unless the recovery is acknowledged. */
  readonly blockedUntil: number;
}

/**
 * The clusters orc would not recover now because of a recent unacknowledged recovery (the anti-flap block), each
 * with the readiness reason and when the block ends (`orc ack CLUSTER` lifts it at once).
 */
export async function blockedRecoveries(ctx: Pick<CommandContext, 'store' | 'clock' | 'config'>): Promise<BlockedCluster[]> {
  const now = ctx.clock.now();
  const blocked: BlockedCluster[] = [];
  for (const c of await clustersOverview(ctx)) {
    const last = c.recovery?.lastRecovery;
    if (!c.recovery || !last || last.acknowledgedAt !== null) continue;
    const blockedUntil = last.startedAt + c.recovery.blockPeriodMs;
    if (blockedUntil > now) blocked.push({ ...c, blockedUntil });
  }
  return blocked;
}

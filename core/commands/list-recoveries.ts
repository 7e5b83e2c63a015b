import type { RecoveryRecord } from '../ports/recovery-store.js';
import type { CommandContext } from './command-context.js';
import { clusterRecoveries } from './cluster-recoveries.js';

/** `orc recoveries [CLUSTER] [--limit N]`: recoveries newest first, of every cluster or of one. */
export async function listRecoveries(ctx: Pick<CommandContext, 'store'>, clusterHint?: string, limit = 20): Promise<RecoveryRecord[]> {
  if (clusterHint === undefined) return ctx.store.listRecoveries({ limit });
  return clusterRecoveries(ctx, clusterHint, limit);
}

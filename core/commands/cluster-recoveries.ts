import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import { latestRecoveryOf } from '../recovery/gate-state.js';
import type { CommandContext } from './command-context.js';
import { resolveCluster } from './resolve-cluster.js';

/** How many recent recoveries are searched when matching them to a cluster. */
export const RECOVERY_SEARCH_LIMIT = 1000;

/**
 * The recoveries (newest first) of the cluster a hint names: by cluster name or alias, or because their failed
 * server or successor is a member now (a failover renames the cluster). A hint that names no current cluster
 * still matches recoveries recorded under that name or alias.
 */
export async function clusterRecoveries(ctx: Pick<CommandContext, 'store'>, hint: string, limit = RECOVERY_SEARCH_LIMIT): Promise<RecoveryRecord[]> {
  const all = await ctx.store.listRecoveries({ limit: RECOVERY_SEARCH_LIMIT });
  let view: Pick<TopologySnapshot, 'clusterName' | 'alias' | 'instances'>;
  try {
    const cluster = await resolveCluster(ctx.store, hint);
    view = { clusterName: cluster.name, alias: cluster.alias, instances: await ctx.store.listInstances({ clusterName: cluster.name }) };
  } catch (err) {
    const byName = all.filter((r) => r.cluster === hint || r.clusterAlias === hint);
    if (byName.length === 0) throw err;
    return byName.slice(0, limit);
  }
  return all.filter((r) => latestRecoveryOf([r], view) !== null).slice(0, limit);
}

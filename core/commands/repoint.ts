import { RefusedError } from '../errors.js';
import { formatInstanceKey, parseInstanceKey, sameInstance } from '../model/instance-key.js';
import { sourceOf } from '../model/topology-tree.js';
import { knownInstance } from './known-instance.js';
import { probeMember } from './live-cluster.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import { relocateUnder, type RelocateResult } from './relocate.js';
import { runTopologyChange } from './topology-change.js';

/**
 * `orc repoint HOST:PORT [--to HOST:PORT]`: re-issues CHANGE MASTER (by GTID) to the replica's current source,
 * e.g. to apply orc's connect-retry and heartbeat settings, or relocates it when --to names another server.
 */
export async function repoint(ctx: RecoveryCommandContext, target: string, to?: string, signal?: AbortSignal): Promise<RelocateResult> {
  const replica = await knownInstance(ctx.store, target);
  const name = formatInstanceKey(replica.key);
  const wanted = to !== undefined ? parseInstanceKey(to) : null;
  const current = sourceOf(replica);
  if (wanted && !(current && sameInstance(current, wanted))) return relocateUnder(ctx, 'repoint', replica, wanted, null, signal);
  return runTopologyChange(
    ctx,
    { action: 'repoint', target: replica.key, cluster: replica.clusterName, lockKeys: [replica.key], detail: `repoint ${name} to its source` },
    async () => {
      const fresh = await probeMember(ctx, replica, signal);
      if (!fresh.reachable) throw new RefusedError('orc_refused', `${name} is not reachable`, { instance: name });
      const source = sourceOf(fresh);
      if (!source) throw new RefusedError('orc_refused', `${name} replicates from nobody: nothing to repoint`, { instance: name });
      await ctx.control.stopReplica(replica.key, signal);
      try {
        await ctx.control.changeSource(replica.key, { source, gtidStart: 'auto' }, signal);
      } finally {
        await ctx.control.startReplica(replica.key, signal);
      }
      const position = await ctx.control.executedGtid(replica.key, signal);
      return {
        result: { instance: replica.key, from: source, to: source, position },
        detail: `re-issued CHANGE MASTER of ${name} to ${formatInstanceKey(source)}`,
      };
    },
  );
}

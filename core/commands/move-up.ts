import { RefusedError } from '../errors.js';
import { formatInstanceKey, sameInstance } from '../model/instance-key.js';
import { sourceOf } from '../model/topology-tree.js';
import { knownInstance } from './known-instance.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import { relocateUnder, type RelocateResult } from './relocate.js';

/** `orc move-up HOST:PORT`: moves a replica one level up, below its source's source. */
export async function moveUp(ctx: RecoveryCommandContext, target: string, signal?: AbortSignal): Promise<RelocateResult> {
  const replica = await knownInstance(ctx.store, target);
  const name = formatInstanceKey(replica.key);
  const source = sourceOf(replica);
  if (!source) throw new RefusedError('orc_refused', `${name} replicates from nobody: nothing to move up`, { instance: name });
  const members = await ctx.store.listInstances({ clusterName: replica.clusterName });
  const sourceRecord = members.find((m) => sameInstance(m.key, source));
  const grand = sourceRecord ? sourceOf(sourceRecord) : null;
  if (!grand) {
    throw new RefusedError('orc_refused', `${name} replicates from ${formatInstanceKey(source)}, which replicates from nobody: it is already at the top`, {
      instance: name,
    });
  }
  return relocateUnder(ctx, 'move-up', replica, grand, source, signal);
}

import { InputError, RefusedError } from '../errors.js';
import { formatInstanceKey, parseInstanceKey, sameInstance } from '../model/instance-key.js';
import type { FenceState } from '../ports/recovery-store.js';
import type { CommandContext } from './command-context.js';
import { runTopologyChange } from './topology-change.js';

/** What `orc unfence` lifted. */
export interface UnfenceResult {
  readonly instance: string;
  readonly cluster: string;
  readonly recoveryId: string;
  /** The fence's state when it was lifted. */
  readonly state: FenceState;
  readonly reason: string;
  readonly message: string;
}

/**
 * `orc unfence HOST:PORT --reason TEXT`: removes the fence a recovery put on a former primary (orc then no longer
 * keeps it read-only nor refuses to recover it), under its maintenance lock, audited with the actor and the reason.
 * A server without a fence is refused (orc_refused); a missing reason is orc_bad_input; nothing changes either way.
 */
export async function unfence(ctx: Pick<CommandContext, 'store' | 'clock' | 'actor'>, target: string, reason: string | undefined): Promise<UnfenceResult> {
  const key = parseInstanceKey(target);
  const why = reason?.trim() ?? '';
  if (why === '') throw new InputError('lifting a fence needs a reason (--reason TEXT)', { field: 'reason' });
  const name = formatInstanceKey(key);
  const cluster = (await ctx.store.getInstance(key))?.clusterName ?? null;
  return runTopologyChange(ctx, { action: 'unfence', target: key, cluster, lockKeys: [key], detail: `unfence ${name}: ${why}` }, async () => {
    const fence = (await ctx.store.listFenced()).find((f) => sameInstance(f.instance, key));
    if (!fence) throw new RefusedError('orc_refused', `${name} is not fenced: there is no fence to lift`, { instance: name });
    await ctx.store.clearFence(key);
    const message = `fence of ${name} lifted (set by recovery ${fence.recoveryId}, ${fence.state}): ${why}`;
    return { result: { instance: name, cluster: fence.cluster, recoveryId: fence.recoveryId, state: fence.state, reason: why, message }, detail: message };
  });
}

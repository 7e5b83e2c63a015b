import { RefusedError } from '../errors.js';
import { formatInstanceKey, sameInstance } from '../model/instance-key.js';
import { knownInstance } from './known-instance.js';
import { probeCluster, probeMember } from './live-cluster.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import type { SwitchResult } from './stop-replica.js';
import { runTopologyChange } from './topology-change.js';
import { fenceRefusal, writableRefusals } from './writable-refusals.js';

/**
 * `orc set-writable HOST:PORT [--force]`: clears read_only on a known server, under its lock, audited. Decided on
 * a fresh probe of its whole cluster: a replica, or a second writer in the cluster is refused (orc_refused, nothing
 * changed) unless forced, and a forced change is audited with what it overrode; a fenced server is refused even
 * when forced (orc unfence first).
 */
export async function setWritable(ctx: RecoveryCommandContext, target: string, options: { readonly force?: boolean } = {}, signal?: AbortSignal): Promise<SwitchResult> {
  const record = await knownInstance(ctx.store, target);
  const name = formatInstanceKey(record.key);
  const cluster = { name: record.clusterName, alias: null, primary: record.key, updatedAt: record.lastCheckedAt };
  return runTopologyChange(
    ctx,
    { action: 'set-writable', target: record.key, cluster: record.clusterName, lockKeys: [record.key], detail: `set-writable ${name}${options.force ? ' --force' : ''}` },
    async () => {
      const [snapshot, fences] = await Promise.all([probeCluster(ctx, cluster, signal), ctx.store.listFenced()]);
      const self = snapshot.instances.find((m) => sameInstance(m.key, record.key)) ?? (await probeMember(ctx, record, signal));
      const members = [self, ...snapshot.instances.filter((m) => !sameInstance(m.key, record.key))];
      const fence = fences.find((f) => sameInstance(f.instance, record.key)) ?? null;
      const fenced = fenceRefusal(record.key, fence);
      if (fenced !== null) throw new RefusedError('orc_refused', `not making ${name} writable: ${fenced}`, { instance: name, reasons: [fenced] });
      const reasons = writableRefusals(record.key, members);
      if (reasons.length > 0 && !options.force) {
        throw new RefusedError('orc_refused', `not making ${name} writable: ${reasons.join('; ')} (--force overrides)`, { instance: name, reasons });
      }
      await ctx.control.setReadOnly(record.key, false, signal);
      // Record the change at once rather than at the next poll.
      await probeMember(ctx, record, signal);
      const message = reasons.length > 0 ? `${name} is writable (forced over: ${reasons.join('; ')})` : `${name} is writable`;
      return { result: { instance: name, message }, detail: message };
    },
  );
}

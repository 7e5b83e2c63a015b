import { formatInstanceKey } from '../model/instance-key.js';
import { sourceOf } from '../model/topology-tree.js';
import { knownInstance } from './known-instance.js';
import { probeMember } from './live-cluster.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import type { SwitchResult } from './stop-replica.js';
import { runTopologyChange } from './topology-change.js';

/**
 * `orc set-read-only|set-writable HOST:PORT`: sets read_only (MySQL: super_read_only too) on a known server,
 * under its lock, audited. Making a replica writable is allowed but said: writes there become errant GTIDs.
 */
export async function setReadOnly(ctx: RecoveryCommandContext, target: string, readOnly: boolean, signal?: AbortSignal): Promise<SwitchResult> {
  const record = await knownInstance(ctx.store, target);
  const name = formatInstanceKey(record.key);
  const action = readOnly ? 'set-read-only' : 'set-writable';
  return runTopologyChange(
    ctx,
    { action, target: record.key, cluster: record.clusterName, lockKeys: [record.key], detail: `${action} ${name}` },
    async () => {
      await ctx.control.setReadOnly(record.key, readOnly, signal);
      const fresh = await probeMember(ctx, record, signal);
      const source = sourceOf(fresh);
      const warning = !readOnly && source ? ` (warning: it replicates from ${formatInstanceKey(source)}; writes on it become errant GTIDs)` : '';
      const message = `${name} is ${readOnly ? 'read-only' : 'writable'}${warning}`;
      return { result: { instance: name, message }, detail: message };
    },
  );
}

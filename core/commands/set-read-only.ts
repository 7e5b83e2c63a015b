import { formatInstanceKey } from '../model/instance-key.js';
import { knownInstance } from './known-instance.js';
import { probeMember } from './live-cluster.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import { setWritable } from './set-writable.js';
import type { SwitchResult } from './stop-replica.js';
import { runTopologyChange } from './topology-change.js';

/**
 * `orc set-read-only HOST:PORT`: sets read_only (MySQL: super_read_only too) on a known server, under its lock,
 * audited. readOnly false is `orc set-writable` without --force, with its refusals (see setWritable).
 */
export async function setReadOnly(ctx: RecoveryCommandContext, target: string, readOnly: boolean, signal?: AbortSignal): Promise<SwitchResult> {
  if (!readOnly) return setWritable(ctx, target, {}, signal);
  const record = await knownInstance(ctx.store, target);
  const name = formatInstanceKey(record.key);
  return runTopologyChange(
    ctx,
    { action: 'set-read-only', target: record.key, cluster: record.clusterName, lockKeys: [record.key], detail: `set-read-only ${name}` },
    async () => {
      await ctx.control.setReadOnly(record.key, true, signal);
      // Record the change at once rather than at the next poll.
      await probeMember(ctx, record, signal);
      const message = `${name} is read-only`;
      return { result: { instance: name, message }, detail: message };
    },
  );
}

import { RefusedError } from '../errors.js';
import { formatInstanceKey } from '../model/instance-key.js';
import { sourceOf } from '../model/topology-tree.js';
import { knownInstance } from './known-instance.js';
import { probeMember } from './live-cluster.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import { runTopologyChange } from './topology-change.js';

/** What a replication switch did. */
export interface SwitchResult {
  readonly instance: string;
  readonly message: string;
}

/** `orc stop-replica HOST:PORT`: stops both replication threads of a replica. */
export async function stopReplica(ctx: RecoveryCommandContext, target: string, signal?: AbortSignal): Promise<SwitchResult> {
  return replicationSwitch(ctx, target, 'stop', signal);
}

/** Starts or stops replication on a known replica, under its lock, audited; a server that replicates from nobody is refused. */
export async function replicationSwitch(ctx: RecoveryCommandContext, target: string, how: 'start' | 'stop', signal?: AbortSignal): Promise<SwitchResult> {
  const record = await knownInstance(ctx.store, target);
  const name = formatInstanceKey(record.key);
  return runTopologyChange(
    ctx,
    { action: `${how}-replica`, target: record.key, cluster: record.clusterName, lockKeys: [record.key], detail: `${how} replication on ${name}` },
    async () => {
      const fresh = await probeMember(ctx, record, signal);
      if (!fresh.reachable) throw new RefusedError('orc_refused', `${name} is not reachable`, { instance: name });
      const source = sourceOf(fresh);
      if (!source) throw new RefusedError('orc_refused', `${name} replicates from nobody: no replication to ${how}`, { instance: name });
      if (how === 'stop') await ctx.control.stopReplica(record.key, signal);
      else await ctx.control.startReplica(record.key, signal);
      const message = `replication from ${formatInstanceKey(source)} ${how === 'stop' ? 'stopped' : 'started'} on ${name}`;
      return { result: { instance: name, message }, detail: message };
    },
  );
}

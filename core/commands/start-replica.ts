import type { RecoveryCommandContext } from './recovery-command-context.js';
import { replicationSwitch, type SwitchResult } from './stop-replica.js';

/** `orc start-replica HOST:PORT`: starts both replication threads of a replica. */
export async function startReplica(ctx: RecoveryCommandContext, target: string, signal?: AbortSignal): Promise<SwitchResult> {
  return replicationSwitch(ctx, target, 'start', signal);
}

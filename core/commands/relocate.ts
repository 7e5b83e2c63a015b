import { RefusedError } from '../errors.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { InstanceRecord } from '../model/instance.js';
import { sourceOf } from '../model/topology-tree.js';
import { knownInstance } from './known-instance.js';
import { probeMember } from './live-cluster.js';
import { moveReplica } from './move-replica.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import { recrawl } from './recrawl.js';
import { checkRelocation } from './relocation-check.js';
import { runTopologyChange } from './topology-change.js';

/** What a relocation did. */
export interface RelocateResult {
  readonly instance: InstanceKey;
  readonly from: InstanceKey | null;
  readonly to: InstanceKey;
  /** The replica's executed GTID position when it switched. */
  readonly position: string;
}

/** `orc relocate HOST:PORT --below HOST:PORT`: moves a replica under another server of its cluster by GTID. */
export async function relocate(ctx: RecoveryCommandContext, target: string, below: string, signal?: AbortSignal): Promise<RelocateResult> {
  const replica = await knownInstance(ctx.store, target);
  const source = await knownInstance(ctx.store, below);
  return relocateUnder(ctx, 'relocate', replica, source.key, null, signal);
}

/**
 * Moves `replica` under `source` under both maintenance locks, deciding on fresh facts (checkRelocation); with
 * `expectedSource` the move is refused when the replica no longer replicates from it (the topology changed since
 * the caller looked). Audited; a refusal changes nothing.
 */
export async function relocateUnder(
  ctx: RecoveryCommandContext,
  action: string,
  replica: InstanceRecord,
  source: InstanceKey,
  expectedSource: InstanceKey | null,
  signal?: AbortSignal,
): Promise<RelocateResult> {
  const r = formatInstanceKey(replica.key);
  const s = formatInstanceKey(source);
  return runTopologyChange(
    ctx,
    { action, target: replica.key, cluster: replica.clusterName, lockKeys: [replica.key, source], detail: `move ${r} below ${s}` },
    async () => {
      const members = await ctx.store.listInstances({ clusterName: replica.clusterName });
      const sourceRecord = members.find((m) => sameInstance(m.key, source));
      if (!sourceRecord) throw new RefusedError('orc_refused', `${s} is not in the cluster of ${r} (${replica.clusterName})`, { instance: r, source: s });
      const [freshReplica, freshSource] = await Promise.all([probeMember(ctx, replica, signal), probeMember(ctx, sourceRecord, signal)]);
      const from = sourceOf(freshReplica);
      if (expectedSource && !(from && sameInstance(from, expectedSource))) {
        throw new RefusedError('orc_refused', `${r} no longer replicates from ${formatInstanceKey(expectedSource)}: the topology changed, look again`, { instance: r });
      }
      const fresh = members.map((m) => (sameInstance(m.key, replica.key) ? freshReplica : sameInstance(m.key, source) ? freshSource : m));
      const check = checkRelocation(freshReplica, freshSource, fresh);
      if (!check.ok) throw new RefusedError('orc_refused', check.reason, { instance: r, source: s });
      const moved = await moveReplica(ctx.control, freshReplica.facts!.flavor, replica.key, source, signal);
      await recrawl(ctx, [replica.key, source], signal);
      const result: RelocateResult = { instance: replica.key, from, to: source, position: moved.position };
      return { result, detail: `moved ${r} from ${from ? formatInstanceKey(from) : '-'} below ${s} at ${moved.position || '(nothing)'}` };
    },
  );
}

import { RefusedError } from '../errors.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { InstanceRecord } from '../model/instance.js';
import { directReplicasOf } from '../model/topology-tree.js';
import { recoverDeadPrimary } from '../recovery/recover-dead-primary.js';
import { probeCluster } from './live-cluster.js';
import { recrawl } from './recrawl.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import { assertNothingHeld } from './recovery-precheck.js';
import { loadRecoveryResult, type RecoveryResult } from './recovery-result.js';
import { resolveCluster } from './resolve-cluster.js';
import { runTopologyChange } from './topology-change.js';

/** How long a live primary may take to accept read_only before the failover goes on without it. */
export const FENCE_FIRST_TIMEOUT_MS = 2_000;

/** How long the replicas of a primary just made read-only may take to receive and apply its last transactions. */
export const DRAIN_TIMEOUT_MS = 5_000;

/** What `orc failover` did. */
export interface ForcedFailoverResult extends RecoveryResult {
  /** What happened to a live old primary before the failover: set read-only, could not be, or was not reachable. */
  readonly oldPrimary: 'set-read-only' | 'read-only-failed' | 'unreachable' | 'already-read-only' | 'writable-again';
  /** Replicas that had not executed everything of the live old primary within DRAIN_TIMEOUT_MS (candidate choice copes). */
  readonly undrained: readonly InstanceKey[];
}

/**
 * `orc failover CLUSTER`: fails the primary over even when it is alive ('forced-failover'): a live primary is made
 * read-only first so no write lands on it during the failover and its replicas are given a moment to execute all
 * it has, then the dead-primary recovery runs (candidate choice, promotion, repointing, fencing of the old
 * primary). Refused cleanly while the cluster is being changed.
 */
export async function forcedFailover(ctx: RecoveryCommandContext, clusterHint: string, signal: AbortSignal = new AbortController().signal): Promise<ForcedFailoverResult> {
  const cluster = await resolveCluster(ctx.store, clusterHint);
  const primaryName = formatInstanceKey(cluster.primary);
  return runTopologyChange(
    ctx,
    { action: 'forced-failover', target: cluster.primary, cluster: cluster.name, lockKeys: [], detail: `forced failover of ${cluster.alias ?? cluster.name}` },
    async () => {
      const snapshot = await probeCluster(ctx, cluster, signal);
      const primary = snapshot.instances.find((r) => sameInstance(r.key, cluster.primary));
      const replicas = directReplicasOf(snapshot.instances, cluster.primary);
      if (replicas.length === 0) throw new RefusedError('orc_no_candidate', `primary ${primaryName} has no replicas to fail over to`, { cluster: cluster.name });
      await assertNothingHeld(ctx.store, cluster.name, [cluster.primary, ...replicas.map((r) => r.key)], ctx.clock.now());
      let oldPrimary: ForcedFailoverResult['oldPrimary'] = 'unreachable';
      if (primary?.reachable && primary.facts) {
        oldPrimary = primary.facts.readOnly ? 'already-read-only' : 'set-read-only';
        if (!primary.facts.readOnly) {
          try {
            await ctx.control.setReadOnly(primary.key, true, AbortSignal.any([signal, AbortSignal.timeout(FENCE_FIRST_TIMEOUT_MS)]));
          } catch {
            oldPrimary = 'read-only-failed';
          }
        }
      }
      // The failover stops the replicas' IO threads at once: first let them take in what the read-only primary has.
      const undrained = oldPrimary === 'set-read-only' || oldPrimary === 'already-read-only' ? await drain(ctx, cluster.primary, replicas, signal) : [];
      let record;
      try {
        record = await recoverDeadPrimary(
          ctx,
          {
            snapshot,
            failed: cluster.primary,
            trigger: 'failover',
            kind: 'forced-failover',
            actor: ctx.actor,
            description: `forced failover of ${cluster.alias ?? cluster.name} from ${primaryName} (old primary: ${oldPrimary})`,
          },
          signal,
        );
      } catch (err) {
        // Refused at registration (someone else started first): give the primary its writes back.
        if (oldPrimary === 'set-read-only') await ctx.control.setReadOnly(cluster.primary, false).catch(() => undefined);
        throw err;
      }
      const result = await loadRecoveryResult(ctx.store, record);
      // A failover that failed before any promotion leaves the cluster without a writer: the old one writes again.
      if (record.status === 'failed' && oldPrimary === 'set-read-only' && !result.steps.some((s) => s.name.startsWith('promote '))) {
        await ctx.control.setReadOnly(cluster.primary, false, signal);
        oldPrimary = 'writable-again';
      }
      await recrawl(ctx, [...(record.successor ? [record.successor] : []), ...replicas.map((r) => r.key), cluster.primary], signal);
      return { result: { ...result, oldPrimary, undrained }, detail: null };
    },
  );
}

/** Waits (bounded) until every reachable replica executed the primary's position; returns those that did not. */
async function drain(ctx: RecoveryCommandContext, primary: InstanceKey, replicas: readonly InstanceRecord[], signal: AbortSignal): Promise<InstanceKey[]> {
  let position: string;
  try {
    position = await ctx.control.executedGtid(primary, signal);
  } catch {
    return replicas.map((r) => r.key);
  }
  const reached = await Promise.all(
    replicas.map(async (r) => r.reachable && (await ctx.control.waitForGtid(r.key, position, DRAIN_TIMEOUT_MS, signal).catch(() => false))),
  );
  return replicas.filter((_, i) => !reached[i]).map((r) => r.key);
}

import { RefusedError } from '../errors.js';
import { formatInstanceKey, parseInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import { directReplicasOf } from '../model/topology-tree.js';
import type { RecoveryStepRecord } from '../ports/recovery-store.js';
import { recoverDeadPrimary } from '../recovery/recover-dead-primary.js';
import { requireReplicationCredentials } from '../recovery/registered-recovery.js';
import { probeCluster } from './live-cluster.js';
import { recrawl } from './recrawl.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import { assertNothingHeld } from './recovery-precheck.js';
import { loadRecoveryResult, type RecoveryResult } from './recovery-result.js';
import { resolveCluster } from './resolve-cluster.js';
import { runTopologyChange } from './topology-change.js';

export { DRAIN_TIMEOUT_MS, FENCE_FIRST_TIMEOUT_MS } from '../recovery/failover-plan.js';

/** What `orc failover` did. */
export interface ForcedFailoverResult extends RecoveryResult {
  /** What happened to a live old primary: set read-only, could not be (nothing changed), was not reachable, was already read-only, or writes again after a failover that promoted nobody. */
  readonly oldPrimary: 'set-read-only' | 'read-only-failed' | 'unreachable' | 'already-read-only' | 'writable-again';
  /** Replicas that had not executed everything of the live old primary within DRAIN_TIMEOUT_MS (candidate choice copes). */
  readonly undrained: readonly InstanceKey[];
}

/**
 * `orc failover CLUSTER`: fails the primary over even when it is alive ('forced-failover'). A live writable
 * primary is made read-only first, as a step of the recovery: if that cannot be confirmed (a timed-out SET is
 * killed and the server re-read; the step records what it found), nothing is promoted (never two writers); its
 * replicas are given a moment to execute all it has; then candidate choice, promotion, repointing and fencing run
 * as for a dead primary. A failover that promotes nobody gives the old primary its writes back, never while the
 * store holds it fenced. Refused cleanly while the cluster is being changed.
 */
export async function forcedFailover(ctx: RecoveryCommandContext, clusterHint: string, signal: AbortSignal = new AbortController().signal): Promise<ForcedFailoverResult> {
  const cluster = await resolveCluster(ctx.store, clusterHint);
  const primaryName = formatInstanceKey(cluster.primary);
  return runTopologyChange(
    ctx,
    { action: 'forced-failover', target: cluster.primary, cluster: cluster.name, lockKeys: [], detail: `forced failover of ${cluster.alias ?? cluster.name}` },
    async () => {
      requireReplicationCredentials(ctx);
      const snapshot = await probeCluster(ctx, cluster, signal);
      const primary = snapshot.instances.find((r) => sameInstance(r.key, cluster.primary));
      const replicas = directReplicasOf(snapshot.instances, cluster.primary);
      if (replicas.length === 0) throw new RefusedError('orc_no_candidate', `primary ${primaryName} has no replicas to fail over to`, { cluster: cluster.name });
      await assertNothingHeld(ctx.store, cluster.name, [cluster.primary, ...replicas.map((r) => r.key)], ctx.clock.now());
      const oldPrimary = !primary?.reachable || !primary.facts ? 'dead' : primary.facts.readOnly ? 'read-only' : 'writable';
      const record = await recoverDeadPrimary(
        ctx,
        {
          snapshot,
          failed: cluster.primary,
          trigger: 'failover',
          kind: 'forced-failover',
          actor: ctx.actor,
          description: `forced failover of ${cluster.alias ?? cluster.name} from ${primaryName} (old primary: ${oldPrimary})`,
          oldPrimary,
        },
        signal,
      );
      const result = await loadRecoveryResult(ctx.store, record);
      await recrawl(ctx, [...(record.successor ? [record.successor] : []), ...replicas.map((r) => r.key), cluster.primary], signal);
      return { result: { ...result, oldPrimary: oldPrimaryOutcome(oldPrimary, cluster.primary, result.steps), undrained: undrainedOf(result.steps) }, detail: null };
    },
  );
}

/** What the recorded steps say happened to the old primary. */
function oldPrimaryOutcome(seen: 'dead' | 'writable' | 'read-only', primary: InstanceKey, steps: readonly RecoveryStepRecord[]): ForcedFailoverResult['oldPrimary'] {
  if (seen === 'dead') return 'unreachable';
  if (seen === 'read-only') return 'already-read-only';
  const name = formatInstanceKey(primary);
  const fenced = steps.find((s) => s.name === `set read_only=ON on ${name}`);
  if (fenced?.status !== 'ok') return 'read-only-failed';
  const reopened = steps.find((s) => s.name === `set read_only=OFF on ${name}`);
  return reopened?.status === 'ok' ? 'writable-again' : 'set-read-only';
}

/** The replicas the drain step reported late ("…; FAILED host:port: …"). */
function undrainedOf(steps: readonly RecoveryStepRecord[]): InstanceKey[] {
  const drain = steps.find((s) => s.name.startsWith('let ') && s.name.includes(' execute everything of '));
  if (!drain || drain.status === 'ok') return [];
  const failedPart = drain.message.split('; FAILED ')[1] ?? '';
  return [...failedPart.matchAll(/(?:^|; )([^\s;]+:\d+): /g)].map((m) => parseInstanceKey(m[1]!));
}

import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { InstanceRecord } from '../model/instance.js';
import { directReplicasOf } from '../model/topology-tree.js';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import { chooseCandidate } from './candidate.js';
import { planFailoverPreparation, promotionProgress } from './failover-plan.js';
import { promoteAndFinish, rollbackFailover } from './failover-procedure.js';
import { guardedFailover } from './guarded-failover.js';
import { step } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';
import type { RecoveryRun } from './recovery-run.js';
import { dataLossGtidsText } from './data-loss-text.js';
import { DEPOSED, runRegisteredRecovery, type RecoveryBodyResult } from './registered-recovery.js';

/** What a primary failover starts from. */
export interface DeadPrimaryInput {
  readonly snapshot: TopologySnapshot;
  readonly failed: InstanceKey;
  /** Analysis code (automatic) or command name (orc failover / orc recover). */
  readonly trigger: string;
  readonly kind: 'dead-primary' | 'forced-failover';
  readonly actor: string;
  readonly description: string;
  /**
   * The old primary as the caller saw it: dead (the usual case), or alive for a forced failover, writable (made
   * read-only first, never left writable beside the new primary) or already read-only.
   */
  readonly oldPrimary?: 'dead' | 'writable' | 'read-only';
}

/**
 * Fails a primary over: freezes and drains its replicas, chooses the candidate on fresh positions (pure), promotes
 * it, repoints the others, detaches the lost and fences the old primary; every step and the progress are recorded,
 * and every path that does not promote undoes what the preparation changed (an error thrown mid-way too).
 */
export async function recoverDeadPrimary(deps: RecoveryDeps, input: DeadPrimaryInput, signal: AbortSignal): Promise<RecoveryRecord> {
  const { snapshot, failed } = input;
  const replicas = directReplicasOf(snapshot.instances, failed);
  const failedRecord = snapshot.instances.find((r) => sameInstance(r.key, failed)) ?? null;
  return runRegisteredRecovery(
    deps,
    {
      kind: input.kind,
      trigger: input.trigger,
      cluster: snapshot.clusterName,
      clusterAlias: snapshot.alias,
      failed,
      actor: input.actor,
      lockKeys: [failed, ...replicas.map((r) => r.key)],
      replicaHosts: replicas.map((r) => r.key),
      description: input.description,
    },
    signal,
    (run) => guardedFailover(deps, run, () => failover(deps, run, { failedRecord, replicas, instances: snapshot.instances, oldPrimary: input.oldPrimary ?? 'dead' }, signal)),
  );
}

interface FailoverContext {
  readonly failedRecord: InstanceRecord | null;
  readonly replicas: readonly InstanceRecord[];
  readonly instances: readonly InstanceRecord[];
  readonly oldPrimary: 'dead' | 'writable' | 'read-only';
}

async function failover(deps: RecoveryDeps, run: RecoveryRun, ctx: FailoverContext, signal: AbortSignal): Promise<RecoveryBodyResult> {
  const policy = deps.config.recovery;
  const failed = run.record.failed;
  const reachable = ctx.replicas.filter((r) => r.reachable).map((r) => r.key);
  // Persisted before anything changes: whatever happens next, the orc that ends this recovery restarts them.
  if (!(await run.updateProgress({ stopped: reachable, madeReadOnly: ctx.oldPrimary === 'writable' ? [failed] : [] }))) return DEPOSED;
  const live = ctx.oldPrimary === 'dead' ? null : failed;
  const prepared = await run.execute(planFailoverPreparation({ replicas: reachable, liveOldPrimary: live }, policy), signal);
  if (prepared.deposed) return DEPOSED;
  if (!prepared.ok) return rollbackFailover(deps, run, `aborted before any promotion: ${prepared.failure}`, 'failed');

  const fresh = await Promise.all(ctx.replicas.map((r) => reprobe(deps, r, signal)));
  const choice = chooseCandidate({ failed, replicas: fresh, failedFacts: ctx.failedRecord?.facts ?? null, policy, now: deps.clock.now() });
  const ranking = choice.ordered.map((v) => `${formatInstanceKey(v.key)} ${v.verdict} (${v.reason})`).join('; ');
  if (!choice.candidate) {
    await run.note('choose candidate', 'failed', `${choice.reason}; ${ranking}`);
    return rollbackFailover(deps, run, `no candidate: ${choice.reason}`, 'failed');
  }
  await run.note('choose candidate', 'ok', `${formatInstanceKey(choice.candidate)}: ${choice.reason}; ${ranking}`);
  if (choice.awaitRelayApply) {
    // It was ranked on what its relay log holds: promoting before that is applied would throw those away.
    const drained = await run.execute([step({ kind: 'await-relay-applied', targets: [choice.candidate], timeoutMs: policy.relayApplyTimeoutMs })], signal);
    if (drained.deposed) return DEPOSED;
    if (!drained.ok) return rollbackFailover(deps, run, drained.failure!, 'failed');
  }
  // Last point to give up cleanly: nothing was promoted, so the next leader may recover at once (no anti-flap block).
  if (signal.aborted) return rollbackFailover(deps, run, 'orc stopped before promoting', 'abandoned');
  const progress = promotionProgress(choice, fresh.filter((r) => r.reachable).map((r) => r.key));
  if (!(await run.updateProgress(progress, { lost: progress.lost, dataLoss: choice.dataLoss }))) return DEPOSED;
  run.updateHookContext({
    successorHost: choice.candidate.host,
    successorPort: choice.candidate.port,
    lostReplicas: run.progress.lost,
    isDataLoss: run.progress.dataLossFrom.length > 0,
    dataLossReplicas: run.progress.dataLossFrom,
    dataLossGtids: dataLossGtidsText(run.progress),
  });
  return promoteAndFinish(deps, run, ctx.instances);
}

async function reprobe(deps: RecoveryDeps, record: InstanceRecord, signal: AbortSignal): Promise<InstanceRecord> {
  if (!record.reachable) return record;
  try {
    const facts = await deps.probe.probe(record.key, signal);
    return { ...record, facts, reachable: true, lastCheckedAt: facts.observedAt, lastSeenAt: facts.observedAt, lastError: null };
  } catch (err) {
    return { ...record, reachable: false, lastCheckedAt: deps.clock.now(), lastError: err instanceof Error ? err.message : String(err) };
  }
}

import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { InstanceRecord } from '../model/instance.js';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { directReplicasOf } from '../model/topology-tree.js';
import { chooseCandidate } from './candidate.js';
import { planFailoverPreparation, planPromotion } from './failover-plan.js';
import { step } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { runRegisteredRecovery, type RecoveryEnd } from './registered-recovery.js';
import type { RecoveryRun } from './recovery-run.js';

/** What a primary failover starts from. */
export interface DeadPrimaryInput {
  readonly snapshot: TopologySnapshot;
  readonly failed: InstanceKey;
  /** Analysis code (automatic) or command name (orc failover / orc recover). */
  readonly trigger: string;
  readonly kind: 'dead-primary' | 'forced-failover';
  readonly actor: string;
  readonly description: string;
}

/**
 * Fails a primary over: freezes and drains its replicas, chooses the candidate on fresh positions (pure), promotes
 * it, repoints the others, detaches the lost and fences the old primary; every step is recorded.
 */
export async function recoverDeadPrimary(deps: RecoveryDeps, input: DeadPrimaryInput, signal: AbortSignal): Promise<RecoveryRecord> {
  const { snapshot, failed } = input;
  const replicas = directReplicasOf(snapshot.instances, failed);
  const failedRecord = snapshot.instances.find((r) => sameInstance(r.key, failed));
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
    (run) => failover(deps, run, failed, failedRecord ?? null, replicas, signal),
  );
}

async function failover(
  deps: RecoveryDeps,
  run: RecoveryRun,
  failed: InstanceKey,
  failedRecord: InstanceRecord | null,
  replicas: readonly InstanceRecord[],
  signal: AbortSignal,
): Promise<RecoveryEnd> {
  const policy = deps.config.recovery;
  const reachable = replicas.filter((r) => r.reachable).map((r) => r.key);
  const prepared = await run.execute(planFailoverPreparation(reachable, policy), signal);
  if (!prepared.ok) return restartAndFail(run, reachable, prepared.failure!);

  const fresh = await Promise.all(replicas.map((r) => reprobe(deps, r, signal)));
  const choice = chooseCandidate({ failed, replicas: fresh, failedFacts: failedRecord?.facts ?? null, policy, now: deps.clock.now() });
  const ranking = choice.ordered.map((v) => `${formatInstanceKey(v.key)} ${v.verdict} (${v.reason})`).join('; ');
  if (!choice.candidate) {
    await run.note('choose candidate', 'failed', `${choice.reason}; ${ranking}`);
    return restartAndFail(run, reachable, `no candidate: ${choice.reason}`);
  }
  await run.note('choose candidate', 'ok', `${formatInstanceKey(choice.candidate)}: ${choice.reason}; ${ranking}`);
  if (choice.awaitRelayApply) {
    // It was ranked on what its relay log holds: promoting before that is applied would throw those away.
    const drained = await run.execute([step({ kind: 'await-relay-applied', targets: [choice.candidate], timeoutMs: policy.relayApplyTimeoutMs })], signal);
    if (!drained.ok) return restartAndFail(run, reachable, drained.failure!);
  }
  // Last point to give up cleanly: from here the plan runs to its end even if orc is shutting down (stop() waits),
  // bounded by its own deadline, so no cluster is left without a primary half way.
  if (signal.aborted) return restartAndFail(run, reachable, 'aborted before promotion: orc is stopping');
  const lost = choice.lost.map((l) => l.key);
  run.updateHookContext({ successorHost: choice.candidate.host, successorPort: choice.candidate.port, lostReplicas: lost, isSuccessful: true });
  const promotionSignal = AbortSignal.timeout(PROMOTION_DEADLINE_MS);
  const promoted = await run.execute(planPromotion(choice, fresh.filter((r) => r.reachable).map((r) => r.key), policy), promotionSignal);
  if (!promoted.ok) {
    run.updateHookContext({ isSuccessful: false });
    await run.execute([step({ kind: 'hook', point: 'postUnsuccessfulFailover' }, false)], promotionSignal);
    return { status: 'failed', successor: null, lost, summary: promoted.failure! };
  }
  const lostText = lost.length > 0 ? `; lost: ${lost.map(formatInstanceKey).join(', ')}` : '';
  return {
    status: 'succeeded',
    successor: choice.candidate,
    lost,
    summary: `promoted ${formatInstanceKey(choice.candidate)} in place of ${formatInstanceKey(failed)}${lostText}${choice.dataLoss ? ' (data loss)' : ''}`,
  };
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

/** Undoes the preparation (replicas go back to retrying their source) and reports the failure; runs even while orc stops. */
async function restartAndFail(run: RecoveryRun, replicas: readonly InstanceKey[], reason: string): Promise<RecoveryEnd> {
  const undo = replicas.length > 0 ? [step({ kind: 'start-replica', targets: replicas }, false)] : [];
  await run.execute([...undo, step({ kind: 'hook', point: 'postUnsuccessfulFailover' }, false)], AbortSignal.timeout(PROMOTION_DEADLINE_MS));
  return { status: 'failed', successor: null, lost: [], summary: reason };
}

/** Bound of the promotion phase (promote, repoint, fence, post hooks), which shutdown does not interrupt. */
const PROMOTION_DEADLINE_MS = 120_000;

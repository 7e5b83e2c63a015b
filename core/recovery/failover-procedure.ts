import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { InstanceRecord } from '../model/instance.js';
import type { RecoveryEndStatus } from '../ports/recovery-store.js';
import { directReplicasOf } from '../model/topology-tree.js';
import { namesOf, planCompletion, planConfirmation, planPromotion } from './failover-plan.js';
import { planFailoverRollback } from './failover-rollback-plan.js';
import type { PlannedStep } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';
import type { RecoveryRun } from './recovery-run.js';
import { dataLossGtidsText } from './data-loss-text.js';
import { fenceHolds } from './fence-holds.js';
import { DEPOSED, type RecoveryBodyResult } from './registered-recovery.js';
import type { TargetFailure } from './run-step.js';

/** Bound of the promotion phase (promote, repoint, fence, post hooks) and of rollbacks, which shutdown does not interrupt. */
export const PROMOTION_DEADLINE_MS = 120_000;

/**
 * Promotes the candidate the run's progress names (pending fence, catch-up, promote), then finishes the failover;
 * when the promotion fails, undoes the preparation instead. Runs to its end whatever the caller's signal says
 * (bounded by its own deadline), so no cluster is left half way.
 */
export async function promoteAndFinish(deps: RecoveryDeps, run: RecoveryRun, instances: readonly InstanceRecord[]): Promise<RecoveryBodyResult> {
  const failed = run.record.failed;
  const signal = AbortSignal.timeout(PROMOTION_DEADLINE_MS);
  const failure = await executePromotion(run, planPromotion(run.progress, failed, deps.config.recovery), signal);
  if (failure === DEPOSED) return DEPOSED;
  if (failure !== null) return rollbackFailover(deps, run, failure, 'failed');
  return finishFailover(run, instances);
}

/** Runs the promotion's steps one by one, persisting before the promote step that it was attempted; the first failure, or null. */
async function executePromotion(run: RecoveryRun, steps: readonly PlannedStep[], signal: AbortSignal): Promise<string | null | typeof DEPOSED> {
  for (const planned of steps) {
    if (planned.action.kind === 'promote' && !(await run.updateProgress({ promoteAttempted: true }))) return DEPOSED;
    const result = await run.execute([planned], signal);
    if (result.deposed) return DEPOSED;
    if (!result.ok) return result.failure ?? `${planned.name} failed`;
  }
  return null;
}

/**
 * After the promotion: confirms the fence, repoints the followers (verified), moves replicas stranded below a
 * server that cannot follow to the new primary, detaches the lost, fences the old primary, runs the post hooks.
 * Servers that could not be changed, or a fence the store did not take, make the recovery 'partial', with what
 * failed; failed post-failover hooks are recorded as failed steps but leave the status as it is (the failover is done).
 */
export async function finishFailover(run: RecoveryRun, instances: readonly InstanceRecord[]): Promise<RecoveryBodyResult> {
  const failed = run.record.failed;
  const signal = AbortSignal.timeout(PROMOTION_DEADLINE_MS);
  const candidate = run.progress.candidate!;
  if (!(await run.updateProgress({ phase: 'promoted' }, { successor: candidate, lost: run.progress.lost, dataLoss: run.progress.dataLossFrom.length > 0 }))) {
    return DEPOSED;
  }
  run.updateHookContext({ isSuccessful: true, successorHost: candidate.host, successorPort: candidate.port });
  const confirmation = planConfirmation(run.progress, failed);
  const confirmed = await run.execute(confirmation, signal);
  if (confirmed.deposed) return DEPOSED;
  const fenceStep = confirmation.find((s) => s.action.kind === 'record-fence')!.name;
  const fenceFailure = confirmed.stepFailures.find((line) => line.startsWith(`${fenceStep}: `)) ?? null;
  const stranded = strandedBelow(instances, [...confirmed.failedTargets.map((f) => f.key), ...run.progress.lost], [failed, candidate, ...run.progress.followers]);
  const completed = await run.execute(planCompletion(run.progress, failed, stranded, 'postPrimaryFailover'), signal);
  if (completed.deposed) return DEPOSED;
  return failoverEnd(run, failed, [...confirmed.failedTargets, ...completed.failedTargets], fenceFailure);
}

/**
 * Undoes a failover that did not promote (makes a candidate whose promotion was attempted read-only, restarts what
 * the preparation stopped, puts the candidate back, removes the pending fence, gives a live primary its writes
 * back unless a fence holds it or the candidate could not be confirmed read-only) and runs the unsuccessful-failover
 * hooks, telling them whether the cluster is left without a writable primary.
 */
export async function rollbackFailover(deps: RecoveryDeps, run: RecoveryRun, reason: string, status: RecoveryEndStatus): Promise<RecoveryBodyResult> {
  const failed = run.record.failed;
  const signal = AbortSignal.timeout(PROMOTION_DEADLINE_MS);
  // Without the fence list, a server made read-only stays read-only: no writer beats two writers. A fence whose
  // server rejoined holds nothing (it may have become primary again since); this recovery's pending one is removed.
  const fencedForGood = await deps.store
    .listFenced()
    .then((list) => list.filter((f) => fenceHolds(f) && !(f.state === 'pending' && f.recoveryId === run.record.id)).map((f) => f.instance))
    .catch(() => [...run.progress.madeReadOnly]);
  const plan = planFailoverRollback(run.progress, failed, fencedForGood);
  const demoted = await run.execute(plan.demote, signal);
  if (demoted.deposed) return DEPOSED;
  const undone = await run.execute(demoted.ok ? [...plan.undo, ...plan.reopen] : plan.undo, signal);
  if (undone.deposed) return DEPOSED;
  const writer = await deps.probe.probe(failed, signal).then((f) => !f.readOnly, () => false);
  // Nothing was promoted: the candidate that was tried is no successor, and hooks (DNS, proxies) must not be told one.
  run.updateHookContext({ isSuccessful: false, isHeadless: !writer, successorHost: undefined, successorPort: undefined });
  const hooks = await run.execute(plan.hooks, signal);
  if (hooks.deposed) return DEPOSED;
  const leftReadOnly = plan.reopen.length > 0 ? `, so ${namesOf(run.progress.madeReadOnly)} left read-only: no writer beats two writers` : '';
  const kept = demoted.ok ? '' : `; ${formatInstanceKey(run.progress.candidate!)} could not be confirmed read-only (${demoted.failure})${leftReadOnly}`;
  const undo = undone.failedTargets.length > 0 ? `; UNDO INCOMPLETE: ${failuresText(undone.failedTargets)}` : '; preparation undone';
  return {
    status,
    successor: null,
    lost: [],
    summary: `${reason}${kept}${undo}${writer ? '' : headlessHint(status)}`,
  };
}

/** What happens next to a cluster a rollback leaves without a writer: an abandoned recovery blocks nothing. */
function headlessHint(status: RecoveryEndStatus): string {
  return status === 'abandoned'
    ? '; the cluster has no writable primary until orc recovers it again, at once (an abandoned recovery blocks nothing)'
    : '; the cluster has no writable primary (orc recover, or wait for the block period)';
}

/** Replicas of the given servers that are not already part of the plan: they move to the new primary. */
function strandedBelow(instances: readonly InstanceRecord[], parents: readonly InstanceKey[], planned: readonly InstanceKey[]): InstanceKey[] {
  const out = new Map<string, InstanceKey>();
  for (const parent of parents) {
    for (const child of directReplicasOf(instances, parent)) {
      if (!child.reachable || planned.some((k) => sameInstance(k, child.key)) || parents.some((k) => sameInstance(k, child.key))) continue;
      out.set(formatInstanceKey(child.key), child.key);
    }
  }
  return [...out.values()];
}

function failoverEnd(run: RecoveryRun, failed: InstanceKey, serverFailures: readonly TargetFailure[], fenceFailure: string | null) {
  const { candidate, lost, dataLossFrom } = run.progress;
  const lostText = lost.length > 0 ? `; lost: ${namesOf(lost)}` : '';
  const loss = dataLossFrom.length > 0 ? `; DATA LOSS: transactions only ${namesOf(dataLossFrom)} had are not on the new primary (${dataLossGtidsText(run.progress)})` : '';
  const but = serverFailures.length > 0 ? `; but could not change: ${failuresText(serverFailures)}` : '';
  const unfenced = fenceFailure !== null ? `; FENCE NOT RECORDED (${fenceFailure}): orc may not keep ${formatInstanceKey(failed)} read-only when it answers again` : '';
  return {
    status: serverFailures.length > 0 || fenceFailure !== null ? ('partial' as const) : ('succeeded' as const),
    successor: candidate,
    lost,
    dataLoss: dataLossFrom.length > 0,
    summary: `promoted ${formatInstanceKey(candidate!)} in place of ${formatInstanceKey(failed)}${lostText}${loss}${but}${unfenced}`,
  };
}

function failuresText(failures: readonly TargetFailure[]): string {
  return failures.map((f) => `${formatInstanceKey(f.key)} (${f.error})`).join('; ');
}

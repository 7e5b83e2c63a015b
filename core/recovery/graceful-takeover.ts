import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import type { PlannedStep } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';
import type { RecoveryRun } from './recovery-run.js';
import { DEPOSED, runRegisteredRecovery, type RecoveryBodyResult } from './registered-recovery.js';
import { isPromoted } from './run-step.js';
import { planTakeover, planTakeoverRollback, type TakeoverPlanInput } from './takeover-plan.js';

/** What a graceful takeover starts from; the caller has chosen the designated replica and holds the locks. */
export interface GracefulTakeoverInput {
  readonly snapshot: TopologySnapshot;
  readonly primary: InstanceKey;
  readonly designated: InstanceKey;
  /** Why this replica (recorded as the first step). */
  readonly designation: string;
  /** Reachable direct replicas of the primary other than the designated one. */
  readonly siblings: readonly InstanceKey[];
  readonly actor: string;
  readonly description: string;
}

/** How a takeover ended. */
export interface GracefulTakeoverOutcome {
  readonly record: RecoveryRecord;
  /** Ms from read_only on the old primary to the end of promotion (the no-writer window); null when it never opened. */
  readonly windowMs: number | null;
  /** The window failed and was undone: the old primary re-read writable and the designated replica read-only. */
  readonly rolledBack: boolean;
}

/** Bound of the steps that must complete whatever the caller's signal says (rollback, moving the others). */
const COMPLETION_TIMEOUT_MS = 60_000;

/**
 * Hands the primary role to the designated replica (registered as a 'graceful-takeover' recovery): prepares while
 * writes still flow, then runs the no-writer window (old primary read-only, last transactions, promotion) and rolls
 * it back when a step fails, then moves the siblings and the old primary under the new primary. Every step and the
 * phase are recorded, so an orc that takes the recovery over finishes or undoes the window. The caller holds the
 * maintenance locks of the instances involved.
 */
export async function gracefulTakeover(deps: RecoveryDeps, input: GracefulTakeoverInput, signal: AbortSignal): Promise<GracefulTakeoverOutcome> {
  const planInput: TakeoverPlanInput = { primary: input.primary, designated: input.designated, siblings: input.siblings, timing: deps.config.takeover };
  let windowMs: number | null = null;
  let rolledBack = false;
  const record = await runRegisteredRecovery(
    deps,
    {
      kind: 'graceful-takeover',
      trigger: 'graceful-takeover',
      cluster: input.snapshot.clusterName,
      clusterAlias: input.snapshot.alias,
      failed: input.primary,
      actor: input.actor,
      lockKeys: [],
      replicaHosts: [input.designated, ...input.siblings],
      description: input.description,
    },
    signal,
    async (run) => {
      await run.note('designate', 'ok', input.designation);
      if (!(await run.updateProgress({ candidate: input.designated, candidateSource: input.primary, followers: input.siblings }))) return DEPOSED;
      run.updateHookContext({ successorHost: input.designated.host, successorPort: input.designated.port });
      const plan = planTakeover(planInput);
      const prepared = await run.execute(plan.prepare, signal);
      if (prepared.deposed) return DEPOSED;
      if (!prepared.ok) return failed(`aborted before any change: ${prepared.failure}`);
      if (!(await run.updateProgress({ phase: 'window', madeReadOnly: [input.primary] }))) return DEPOSED;

      const opened = deps.clock.monotonic();
      const window = await executeWindow(run, plan.window, signal);
      if (window === DEPOSED) return DEPOSED;
      if (window.failure !== null) {
        const undone = await rollBack(run, planInput, window.failedStep?.action.kind === 'promote', window.failure);
        rolledBack = undone.rolledBack;
        return undone.end;
      }
      windowMs = Math.round(deps.clock.monotonic() - opened);
      await run.note('no-writer window', 'ok', `${windowMs} ms from read_only on ${formatInstanceKey(input.primary)} to ${formatInstanceKey(input.designated)} writable`);
      return finishTakeover(run, planInput, ` (no writer for ${windowMs} ms)`);
    },
  );
  return { record, windowMs, rolledBack };
}

/**
 * Resumes a takeover another orc left: nothing changed yet ends it 'abandoned'; a promoted designated replica is
 * kept and the takeover finished; an open window that did not promote is rolled back (the old primary writes again).
 */
export async function resumeTakeover(deps: RecoveryDeps, run: RecoveryRun): Promise<RecoveryBodyResult> {
  const { progress, record } = run;
  if (progress.phase === 'preparing' || progress.candidate === null) {
    return { status: 'abandoned', successor: null, lost: [], summary: 'the orc running the takeover stopped before changing anything' };
  }
  const planInput: TakeoverPlanInput = { primary: record.failed, designated: progress.candidate, siblings: progress.followers, timing: deps.config.takeover };
  const designated = await deps.probe.probe(progress.candidate).catch(() => null);
  if (progress.phase === 'promoted' || (designated !== null && isPromoted(designated))) return finishTakeover(run, planInput, '');
  return (await rollBack(run, planInput, progress.phase === 'promoting', 'the orc running the takeover stopped inside the no-writer window')).end;
}

/** Runs the window's steps one by one, stopping at the first failure and saying which step it was. */
async function executeWindow(run: RecoveryRun, steps: readonly PlannedStep[], signal: AbortSignal): Promise<{ failure: string | null; failedStep: PlannedStep | null } | typeof DEPOSED> {
  for (const planned of steps) {
    if (planned.action.kind === 'promote' && !(await run.updateProgress({ phase: 'promoting' }))) return DEPOSED;
    const result = await run.execute([planned], signal);
    if (result.deposed) return DEPOSED;
    if (!result.ok) return { failure: result.failure, failedStep: planned };
  }
  return { failure: null, failedStep: null };
}

async function rollBack(run: RecoveryRun, planInput: TakeoverPlanInput, promotionAttempted: boolean, why: string): Promise<{ end: RecoveryBodyResult; rolledBack: boolean }> {
  const rollback = await run.execute(planTakeoverRollback(planInput, promotionAttempted), completionSignal());
  if (rollback.deposed) return { end: DEPOSED, rolledBack: false };
  const undo = rollback.ok
    ? `rolled back: ${formatInstanceKey(planInput.primary)} is the writable primary again`
    : `ROLLBACK FAILED (${rollback.failure}): check ${formatInstanceKey(planInput.primary)} and ${formatInstanceKey(planInput.designated)} by hand`;
  return { end: failed(`${why}; ${undo}`), rolledBack: rollback.ok };
}

async function finishTakeover(run: RecoveryRun, planInput: TakeoverPlanInput, window: string): Promise<RecoveryBodyResult> {
  const { primary, designated, siblings } = planInput;
  if (!(await run.updateProgress({ phase: 'promoted' }, { successor: designated }))) return DEPOSED;
  run.updateHookContext({ isSuccessful: true });
  const finished = await run.execute(planTakeover(planInput).finish, completionSignal());
  if (finished.deposed) return DEPOSED;
  const problems = finished.failedSteps.filter((name) => !name.startsWith('hooks '));
  const moved = siblings.length > 0 ? `; ${siblings.length} sibling(s) moved under it` : '';
  return {
    status: problems.length > 0 ? 'partial' : 'succeeded',
    successor: designated,
    lost: [],
    summary:
      `${formatInstanceKey(designated)} took over from ${formatInstanceKey(primary)}${window}${moved}` +
      (problems.length > 0 ? `; but failed: ${problems.join('; ')}` : `; ${formatInstanceKey(primary)} replicates from it`),
  };
}

function failed(summary: string): RecoveryBodyResult {
  return { status: 'failed', successor: null, lost: [], summary };
}

function completionSignal(): AbortSignal {
  return AbortSignal.timeout(COMPLETION_TIMEOUT_MS);
}

import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import type { PlannedStep } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';
import type { RecoveryRun } from './recovery-run.js';
import { runRegisteredRecovery, type RecoveryEnd } from './registered-recovery.js';
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
  /** The window failed and was undone. */
  readonly rolledBack: boolean;
}

/** Bound of the steps that must complete whatever the caller's signal says (rollback, moving the others). */
const COMPLETION_TIMEOUT_MS = 60_000;

/**
 * Hands the primary role to the designated replica (registered as a 'graceful-takeover' recovery): prepares while
 * writes still flow, then runs the no-writer window (old primary read-only, last transactions, promotion) and rolls
 * it back when a step fails, then moves the siblings and the old primary under the new primary. Every step is
 * recorded. The caller holds the maintenance locks of the instances involved.
 */
export async function gracefulTakeover(deps: RecoveryDeps, input: GracefulTakeoverInput, signal: AbortSignal): Promise<GracefulTakeoverOutcome> {
  const planInput: TakeoverPlanInput = {
    primary: input.primary,
    designated: input.designated,
    siblings: input.siblings,
    timing: deps.config.takeover,
  };
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
      run.updateHookContext({ successorHost: input.designated.host, successorPort: input.designated.port });
      const plan = planTakeover(planInput);
      const prepared = await run.execute(plan.prepare, signal);
      if (!prepared.ok) return failed(`aborted before any change: ${prepared.failure}`);

      const opened = deps.clock.now();
      const window = await executeWindow(run, plan.window, signal);
      if (window.failure !== null) {
        const promotionAttempted = window.failedStep?.action.kind === 'promote';
        const rollback = await run.execute(planTakeoverRollback(planInput, promotionAttempted), completionSignal());
        rolledBack = rollback.ok;
        const undo = rollback.ok
          ? `rolled back: ${formatInstanceKey(input.primary)} is the writable primary again`
          : `ROLLBACK FAILED (${rollback.failure}): check ${formatInstanceKey(input.primary)} and ${formatInstanceKey(input.designated)} by hand`;
        return failed(`${window.failure}; ${undo}`);
      }
      windowMs = deps.clock.now() - opened;
      await run.note('no-writer window', 'ok', `${windowMs} ms from read_only on ${formatInstanceKey(input.primary)} to ${formatInstanceKey(input.designated)} writable`);

      run.updateHookContext({ isSuccessful: true });
      await run.execute(plan.finish, completionSignal());
      const problems = await laterFailures(deps, run);
      const moved = input.siblings.length > 0 ? `; ${input.siblings.length} sibling(s) moved under it` : '';
      return {
        status: 'succeeded',
        successor: input.designated,
        lost: [],
        summary:
          `${formatInstanceKey(input.designated)} took over from ${formatInstanceKey(input.primary)} (no writer for ${windowMs} ms)${moved}` +
          (problems.length > 0 ? `; but: ${problems.join('; ')}` : `; ${formatInstanceKey(input.primary)} replicates from it`),
      };
    },
  );
  return { record, windowMs, rolledBack };
}

/** Runs the window's steps one by one, stopping at the first failure and saying which step it was. */
async function executeWindow(run: RecoveryRun, steps: readonly PlannedStep[], signal: AbortSignal): Promise<{ failure: string | null; failedStep: PlannedStep | null }> {
  for (const planned of steps) {
    const result = await run.execute([planned], signal);
    if (!result.ok) return { failure: result.failure, failedStep: planned };
  }
  return { failure: null, failedStep: null };
}

/** Names of the steps that failed after the window (non-critical ones do not stop the plan). */
async function laterFailures(deps: RecoveryDeps, run: RecoveryRun): Promise<string[]> {
  const stored = await deps.store.getRecovery(run.record.id);
  const steps = stored?.steps ?? [];
  const windowEnd = steps.findIndex((s) => s.name === 'no-writer window');
  return steps.slice(windowEnd + 1).filter((s) => s.status === 'failed').map((s) => `${s.name} failed: ${s.message}`);
}

function failed(summary: string): RecoveryEnd {
  return { status: 'failed', successor: null, lost: [], summary };
}

function completionSignal(): AbortSignal {
  return AbortSignal.timeout(COMPLETION_TIMEOUT_MS);
}

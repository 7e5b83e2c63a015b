import { errorLine, OutcomeUnknownError } from '../errors.js';
import { formatInstanceKey } from '../model/instance-key.js';
import { namesOf } from './failover-plan.js';
import { PROMOTION_DEADLINE_MS, rollbackFailover } from './failover-procedure.js';
import type { RecoveryDeps } from './recovery-deps.js';
import type { RecoveryRun } from './recovery-run.js';
import { DEPOSED, type RecoveryBodyResult } from './registered-recovery.js';
import { isPromoted } from './run-step.js';

/**
 * Runs a primary failover body so that an error it throws cannot leave the preparation in place: before the
 * promotion (by the persisted progress; a candidate whose promote was attempted counts as promoted only when it
 * shows it) the preparation is undone once, within PROMOTION_DEADLINE_MS, and the recovery ends 'failed'; after
 * it, the recovery ends 'partial' (a promotion is never undone). Either way the summary carries the error.
 */
export async function guardedFailover(deps: RecoveryDeps, run: RecoveryRun, body: () => Promise<RecoveryBodyResult>): Promise<RecoveryBodyResult> {
  try {
    return await body();
  } catch (err) {
    const error = errorLine(err);
    deps.logger.error({ recovery: run.record.id, phase: run.progress.phase, err: error }, 'failover stopped on an error');
    if (run.deposed !== null) return DEPOSED;
    if (await promotedAlready(deps, run)) return stoppedAfterPromotion(run, error);
    const reason = `stopped on an error before any promotion: ${error}`;
    try {
      // Once only, and bounded: a rollback that throws or hangs ends the recovery failed rather than being retried.
      return await withinDeadline(rollbackFailover(deps, run, reason, 'failed'), PROMOTION_DEADLINE_MS);
    } catch (rollbackErr) {
      const touched = namesOf([...run.progress.stopped, ...run.progress.madeReadOnly, ...(run.progress.candidate ? [run.progress.candidate] : [])]);
      return { status: 'failed', successor: null, lost: [], summary: `${reason}; ROLLBACK FAILED (${errorLine(rollbackErr)}): check ${touched} by hand` };
    }
  }
}

async function promotedAlready(deps: RecoveryDeps, run: RecoveryRun): Promise<boolean> {
  const { phase, promoteAttempted, candidate } = run.progress;
  if (phase === 'promoted') return true;
  if (!promoteAttempted || candidate === null) return false;
  const facts = await deps.probe.probe(candidate, AbortSignal.timeout(PROMOTION_DEADLINE_MS)).catch(() => null);
  return facts !== null && isPromoted(facts);
}

function stoppedAfterPromotion(run: RecoveryRun, error: string): RecoveryBodyResult {
  const { candidate, lost, dataLossFrom } = run.progress;
  return {
    status: 'partial',
    successor: candidate,
    lost,
    dataLoss: dataLossFrom.length > 0,
    summary: `promoted ${formatInstanceKey(candidate!)} in place of ${formatInstanceKey(run.record.failed)}; but stopped on an error after the promotion: ${error} (repointing, fencing and post hooks may be incomplete: see orc recovery ${run.record.id})`,
  };
}

/** The work's result, or an orc_timeout rejection once ms have passed (the work is then left to its own deadline). */
function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  const deadline = AbortSignal.timeout(ms);
  const expired = new Promise<never>((_, reject) => {
    deadline.addEventListener('abort', () => reject(new OutcomeUnknownError('orc_timeout', `the rollback did not end within ${ms} ms`)), { once: true });
  });
  return Promise.race([work, expired]);
}

import { sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { RecoveryProgress } from '../ports/recovery-store.js';
import { FENCE_FIRST_TIMEOUT_MS } from './failover-plan.js';
import { REPOINT_VERIFY_MS, step, type PlannedStep } from './plan-step.js';

/**
 * A failover rollback in phases, run in this order: `reopen` runs only when `demote` succeeded, because a
 * candidate that may still be writable beside a writable old primary makes two writers (no writer beats two).
 */
export interface FailoverRollbackPlan {
  /** Confirmed read_only=ON on a candidate whose promote step was attempted (it may be writable); else empty. */
  readonly demote: readonly PlannedStep[];
  /** The candidate back under its old source, every stopped replica replicating again, this recovery's pending fence removed. */
  readonly undo: readonly PlannedStep[];
  /** Servers the preparation made read-only, writable again (confirmed), unless a fence holds them. */
  readonly reopen: readonly PlannedStep[];
  /** The unsuccessful-failover hooks. */
  readonly hooks: readonly PlannedStep[];
}

/**
 * Undoes a failover that did not promote (pure): a candidate whose promotion was attempted is made read-only
 * (critical), the candidate goes back under its old source, every replica the preparation stopped replicates
 * again, this recovery's pending fence is removed, a live primary made read-only is writable again (unless a
 * fence holds it), then the unsuccessful-failover hooks.
 */
export function planFailoverRollback(progress: RecoveryProgress, failed: InstanceKey, fencedForGood: readonly InstanceKey[]): FailoverRollbackPlan {
  const { candidate, candidateSource } = progress;
  const live = (k: InstanceKey) => progress.madeReadOnly.some((m) => sameInstance(m, k));
  const demote: PlannedStep[] = [];
  const undo: PlannedStep[] = [];
  if (progress.promoteAttempted && candidate) {
    // Re-read after: the promote's read_only=OFF may have landed, or land late, whatever the step reported.
    demote.push(step({ kind: 'set-read-only', target: candidate, readOnly: true, timeoutMs: FENCE_FIRST_TIMEOUT_MS, confirm: true }));
  }
  if (progress.phase !== 'preparing' && candidate && candidateSource) {
    // Pointed back at a dead source its IO thread retries, as before; a live source must be replicated from again.
    undo.push(step({ kind: 'repoint', targets: [candidate], source: candidateSource, gtidStart: 'slave_pos', verifyMs: live(candidateSource) ? REPOINT_VERIFY_MS : 0 }, false));
  }
  const restart = progress.stopped.filter((k) => !candidate || progress.phase === 'preparing' || !sameInstance(k, candidate));
  if (restart.length > 0) undo.push(step({ kind: 'start-replica', targets: restart }, false));
  undo.push(step({ kind: 'clear-fence', target: failed }, false));
  const reopen = progress.madeReadOnly
    .filter((key) => !fencedForGood.some((f) => sameInstance(f, key)))
    // Re-read after: the read_only=ON of the preparation may have timed out and landed late.
    .map((key) => step({ kind: 'set-read-only', target: key, readOnly: false, timeoutMs: FENCE_FIRST_TIMEOUT_MS, confirm: true }, false));
  return { demote, undo, reopen, hooks: [step({ kind: 'hook', point: 'postUnsuccessfulFailover' }, false)] };
}

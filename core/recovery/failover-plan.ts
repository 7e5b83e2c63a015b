import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { RecoveryProgress } from '../ports/recovery-store.js';
import { LOSES_DATA } from './candidate.js';
import type { CandidateChoice } from './candidate-types.js';
import { REPOINT_VERIFY_MS, step, type PlannedStep } from './plan-step.js';
import type { RecoveryPolicy } from './recovery-policy.js';

/** How long fencing waits for the old primary to answer before leaving it to the fencing watcher. */
export const FENCE_ATTEMPT_MS = 300;

/** How long a live primary may take to accept read_only before a forced failover gives up (nothing changed). */
export const FENCE_FIRST_TIMEOUT_MS = 2_000;

/** How long the replicas of a primary just made read-only may take to execute its last transactions. */
export const DRAIN_TIMEOUT_MS = 5_000;

/** Who the first phase of a failover works on. */
export interface PreparationInput {
  /** Reachable direct replicas of the failed primary. */
  readonly replicas: readonly InstanceKey[];
  /** A live primary a forced failover makes read-only first (and lets its replicas drain), or null. */
  readonly liveOldPrimary: InstanceKey | null;
}

/**
 * The first phase of a primary failover (pure): detection and pre-failover hooks; for a forced failover of a live
 * primary, make it read-only (critical: never two writers) and let its replicas execute what it has; then stop the
 * IO threads of the reachable replicas so positions freeze, and let them apply their relay logs.
 */
export function planFailoverPreparation(input: PreparationInput, policy: RecoveryPolicy): PlannedStep[] {
  const { replicas, liveOldPrimary } = input;
  const steps: PlannedStep[] = [step({ kind: 'hook', point: 'onFailureDetection' }), step({ kind: 'hook', point: 'preFailover' })];
  if (liveOldPrimary) {
    steps.push(step({ kind: 'set-read-only', target: liveOldPrimary, readOnly: true, timeoutMs: FENCE_FIRST_TIMEOUT_MS }));
    if (replicas.length > 0) steps.push(step({ kind: 'drain', targets: replicas, of: liveOldPrimary, timeoutMs: DRAIN_TIMEOUT_MS }, false));
  }
  if (replicas.length > 0) {
    steps.push(step({ kind: 'stop-replica-io', targets: replicas }, false));
    if (policy.delayPromotionUntilRelayApplied) {
      steps.push(step({ kind: 'await-relay-applied', targets: replicas, timeoutMs: policy.relayApplyTimeoutMs }, false));
    }
  }
  return steps;
}

/** What the promotion phase needs to know, persisted before it starts (RecoveryProgress). */
export function promotionProgress(choice: CandidateChoice, reachable: readonly InstanceKey[]): Partial<RecoveryProgress> {
  const candidate = choice.candidate;
  if (!candidate) return {};
  const lost = choice.lost.map((l) => l.key);
  const followers = reachable.filter((k) => !sameInstance(k, candidate) && !lost.some((l) => sameInstance(l, k)));
  return {
    phase: 'promoting',
    candidate,
    candidateSource: choice.failed,
    catchUpFrom: choice.catchUpFrom,
    followers,
    lost,
    dataLossFrom: choice.lost.filter((l) => LOSES_DATA.has(l.kind)).map((l) => l.key),
    dataLossGtids: Object.fromEntries(choice.lost.filter((l) => LOSES_DATA.has(l.kind)).map((l) => [formatInstanceKey(l.key), l.gtids])),
  };
}

/**
 * The promotion (pure, critical steps): the old primary's fence is recorded as pending first (if orc stops between
 * here and the confirmation, the next orc finds it), the candidate catches up when a more up-to-date replica may
 * not be promoted, then it is promoted.
 */
export function planPromotion(progress: RecoveryProgress, failed: InstanceKey, policy: RecoveryPolicy): PlannedStep[] {
  const candidate = progress.candidate;
  if (!candidate) return [];
  const steps: PlannedStep[] = [step({ kind: 'record-fence', target: failed, state: 'pending' })];
  if (progress.catchUpFrom) {
    steps.push(step({ kind: 'catch-up', target: candidate, from: progress.catchUpFrom, timeoutMs: policy.relayApplyTimeoutMs }));
  }
  steps.push(step({ kind: 'promote', target: candidate }));
  return steps;
}

/** After a successful promotion (pure): the fence is confirmed and every follower is repointed (and verified). */
export function planConfirmation(progress: RecoveryProgress, failed: InstanceKey): PlannedStep[] {
  const candidate = progress.candidate!;
  // Not critical: the promotion happened; a store hiccup must not stop the followers from being repointed.
  const steps: PlannedStep[] = [step({ kind: 'record-fence', target: failed, state: 'fenced' }, false)];
  if (progress.followers.length > 0) {
    steps.push(step({ kind: 'repoint', targets: progress.followers, source: candidate, gtidStart: 'auto', verifyMs: REPOINT_VERIFY_MS }, false));
  }
  return steps;
}

/**
 * The end of a failover (pure): replicas below a server that could not follow (a failed repoint, a lost replica)
 * move to the new primary, the lost ones are detached, the old primary is fenced, then the post-failover hooks.
 */
export function planCompletion(progress: RecoveryProgress, failed: InstanceKey, stranded: readonly InstanceKey[], postHook: 'postPrimaryFailover' | 'postIntermediatePrimaryFailover'): PlannedStep[] {
  const candidate = progress.candidate!;
  const steps: PlannedStep[] = [];
  if (stranded.length > 0) {
    steps.push(step({ kind: 'repoint', targets: stranded, source: candidate, gtidStart: 'auto', verifyMs: REPOINT_VERIFY_MS }, false));
  }
  if (progress.lost.length > 0) steps.push(step({ kind: 'stop-replica', targets: progress.lost }, false));
  if (postHook === 'postPrimaryFailover') steps.push(step({ kind: 'fence', target: failed, timeoutMs: FENCE_ATTEMPT_MS }, false));
  steps.push(step({ kind: 'hook', point: postHook }, false), step({ kind: 'hook', point: 'postFailover' }, false));
  return steps;
}

/** "a:1, b:2" or "(none)". */
export function namesOf(keys: readonly InstanceKey[]): string {
  return keys.map(formatInstanceKey).join(', ') || '(none)';
}

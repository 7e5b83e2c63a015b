import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { CandidateChoice } from './candidate-types.js';
import { step, type PlannedStep } from './plan-step.js';
import type { RecoveryPolicy } from './recovery-policy.js';

/** How long fencing waits for the old primary to answer before leaving it to the fencing watcher. */
export const FENCE_ATTEMPT_MS = 300;

/**
 * The first phase of a primary failover (pure): detection and pre-failover hooks, then stop the IO threads of
 * the reachable replicas so positions freeze, and let them apply their relay logs so they can be compared.
 */
export function planFailoverPreparation(replicas: readonly InstanceKey[], policy: RecoveryPolicy): PlannedStep[] {
  const steps: PlannedStep[] = [step({ kind: 'hook', point: 'onFailureDetection' }), step({ kind: 'hook', point: 'preFailover' })];
  if (replicas.length > 0) {
    steps.push(step({ kind: 'stop-replica-io', targets: replicas }, false));
    if (policy.delayPromotionUntilRelayApplied) {
      steps.push(step({ kind: 'await-relay-applied', targets: replicas, timeoutMs: policy.relayApplyTimeoutMs }, false));
    }
  }
  return steps;
}

/**
 * The second phase (pure), from the candidate choice: catch the candidate up when a more up-to-date replica may
 * not be promoted, promote it, repoint every other reachable replica by GTID, detach the lost ones, fence the old
 * primary, then the post-failover hooks.
 */
export function planPromotion(choice: CandidateChoice, reachable: readonly InstanceKey[], policy: RecoveryPolicy): PlannedStep[] {
  const candidate = choice.candidate;
  if (!candidate) return [];
  const name = formatInstanceKey(candidate);
  const lost = new Set(choice.lost.map((l) => formatInstanceKey(l.key)));
  const followers = reachable.filter((k) => formatInstanceKey(k) !== name && !lost.has(formatInstanceKey(k)));
  // The fence is recorded before the promotion: if orc stops between the two, the old primary is still never
  // accepted back and is set read-only whenever it answers.
  const steps: PlannedStep[] = [step({ kind: 'record-fence', target: choice.failed })];
  if (choice.catchUpFrom) {
    steps.push(step({ kind: 'catch-up', target: candidate, from: choice.catchUpFrom, timeoutMs: policy.relayApplyTimeoutMs }));
  }
  steps.push(step({ kind: 'promote', target: candidate }));
  if (followers.length > 0) steps.push(step({ kind: 'repoint', targets: followers, source: candidate, gtidStart: 'auto' }, false));
  const lostKeys = reachable.filter((k) => lost.has(formatInstanceKey(k)));
  if (lostKeys.length > 0) steps.push(step({ kind: 'stop-replica', targets: lostKeys }, false));
  steps.push(step({ kind: 'fence', target: choice.failed, timeoutMs: FENCE_ATTEMPT_MS }, false));
  steps.push(step({ kind: 'hook', point: 'postPrimaryFailover' }, false), step({ kind: 'hook', point: 'postFailover' }, false));
  return steps;
}

import { errantOf } from '../analysis/gtid-view.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import { primaryChannel, type InstanceRecord } from '../model/instance.js';
import { sourceOf, directReplicasOf } from '../model/topology-tree.js';
import { chooseCandidate } from './candidate.js';
import { REPOINT_VERIFY_MS, step, type PlannedStep } from './plan-step.js';
import { promotionRuleOf, type RecoveryPolicy } from './recovery-policy.js';

/** What choosing the replica to hand the primary role to needs (fresh facts). */
export interface TakeoverTargetInput {
  readonly primary: InstanceRecord;
  /** Every member of the cluster (the primary's direct replicas are the possible targets). */
  readonly instances: readonly InstanceRecord[];
  /** The operator's choice (--to), or null to let orc choose. */
  readonly designated: InstanceKey | null;
  readonly policy: RecoveryPolicy;
  readonly now: number;
}

/** The designated replica, or why there is none; `code` is the refusal's error code. */
export type TakeoverTarget =
  | { readonly ok: true; readonly designated: InstanceKey; readonly reason: string }
  | { readonly ok: false; readonly code: 'orc_refused' | 'orc_no_candidate'; readonly reason: string };

/**
 * Why a direct replica of the primary may not take the primary role over gracefully, or null when it may: it must
 * replicate by GTID, with its threads running, within maxLagForTakeoverSeconds, log what it applies, hold nothing
 * the primary lacks and not be banned by its promotion rule.
 */
export function takeoverRefusal(replica: InstanceRecord, primary: InstanceRecord, policy: RecoveryPolicy): string | null {
  const facts = replica.facts;
  if (!replica.reachable || !facts) return 'is not reachable';
  if (promotionRuleOf(policy, replica.key) === 'must_not') return 'has promotion rule must_not';
  if (!facts.logBin) return 'has log_bin OFF: its binlog could not serve the other servers';
  if (!facts.logReplicaUpdates) return 'has log_slave_updates OFF: its binlog lacks what it replicated';
  if (primary.facts && facts.flavor !== primary.facts.flavor) return `runs ${facts.flavor}, the primary ${primary.facts.flavor}`;
  const channel = primaryChannel(facts);
  if (!channel) return 'does not replicate';
  if (channel.ioState !== 'yes' || !channel.sqlRunning) {
    return `is not replicating (IO thread ${channel.ioState}, SQL thread ${channel.sqlRunning ? 'running' : 'stopped'})`;
  }
  if (!facts.gtid.enabled || channel.gtidUsage === 'no') return 'does not replicate with GTID';
  if (channel.lagSeconds === null) return 'reports no lag (replication is not running)';
  if (channel.lagSeconds > policy.maxLagForTakeoverSeconds) {
    return `lags ${channel.lagSeconds}s, above recovery.maxLagForTakeoverSeconds ${policy.maxLagForTakeoverSeconds}`;
  }
  const errant = primary.facts ? errantOf(facts, primary.facts) : '';
  if (errant !== '') return `has errant GTID ${errant} the primary lacks (see orc errant)`;
  return null;
}

/**
 * Chooses the replica that takes the primary role over (pure): the designated one when it qualifies, else the
 * best direct replica by failover candidate ranking (with the primary as the "failed" server) that qualifies.
 */
export function chooseTakeoverTarget(input: TakeoverTargetInput): TakeoverTarget {
  const { primary, instances, designated, policy } = input;
  const primaryName = formatInstanceKey(primary.key);
  const replicas = directReplicasOf(instances, primary.key);
  if (designated) {
    const name = formatInstanceKey(designated);
    const record = replicas.find((r) => sameInstance(r.key, designated));
    if (!record) return { ok: false, code: 'orc_refused', reason: `${name} is not a direct replica of the primary ${primaryName}${where(designated, instances)}` };
    const refusal = takeoverRefusal(record, primary, policy);
    if (refusal) return { ok: false, code: 'orc_refused', reason: `${name} ${refusal}` };
    return { ok: true, designated, reason: `${name} designated by the operator` };
  }
  if (replicas.length === 0) return { ok: false, code: 'orc_no_candidate', reason: `the primary ${primaryName} has no replicas` };
  const choice = chooseCandidate({ failed: primary.key, replicas, failedFacts: primary.facts, policy, now: input.now });
  const refused: string[] = [];
  for (const verdict of choice.ordered) {
    const name = formatInstanceKey(verdict.key);
    if (verdict.verdict === 'skipped') {
      refused.push(`${name}: ${verdict.reason}`);
      continue;
    }
    const record = replicas.find((r) => sameInstance(r.key, verdict.key))!;
    const refusal = takeoverRefusal(record, primary, policy);
    if (refusal === null) return { ok: true, designated: verdict.key, reason: `${name} ${verdict.reason}` };
    refused.push(`${name} ${refusal}`);
  }
  return { ok: false, code: 'orc_no_candidate', reason: `no replica of ${primaryName} can take over: ${refused.join('; ')}` };
}

function where(key: InstanceKey, instances: readonly InstanceRecord[]): string {
  const record = instances.find((r) => sameInstance(r.key, key));
  if (!record) return ' (orc does not know it in this cluster)';
  const source = sourceOf(record);
  return source ? ` (it replicates from ${formatInstanceKey(source)}; relocate it first)` : ' (it replicates from nobody)';
}

/** Time limits of a takeover (config `takeover`). */
export interface TakeoverTiming {
  /** The designated replica's catch-up before the window, while writes still flow. */
  readonly catchUpTimeoutMs: number;
  /** Each step inside the no-writer window; past it the takeover is rolled back. */
  readonly windowStepTimeoutMs: number;
}

/** Who takes part in a takeover. */
export interface TakeoverPlanInput {
  readonly primary: InstanceKey;
  readonly designated: InstanceKey;
  /** Reachable direct replicas of the primary other than the designated one. */
  readonly siblings: readonly InstanceKey[];
  readonly timing: TakeoverTiming;
}

/**
 * A graceful takeover as data, in phases: `prepare` changes nothing (hooks, catch-up while writes flow); `window`
 * is the no-writer window, kept to three steps (old primary read-only, designated executed everything, promote);
 * `finish` moves the others under the new primary (planTakeoverRollback undoes a failed window).
 */
export interface TakeoverPlan {
  readonly prepare: readonly PlannedStep[];
  readonly window: readonly PlannedStep[];
  readonly finish: readonly PlannedStep[];
}

/** Plans a graceful takeover (pure). */
export function planTakeover(input: TakeoverPlanInput): TakeoverPlan {
  const { primary, designated, siblings, timing } = input;
  const prepare = [
    step({ kind: 'hook', point: 'preGracefulTakeover' }),
    step({ kind: 'await-executed', target: designated, of: primary, timeoutMs: timing.catchUpTimeoutMs }),
  ];
  const window = [
    step({ kind: 'set-read-only', target: primary, readOnly: true, timeoutMs: timing.windowStepTimeoutMs }),
    step({ kind: 'await-executed', target: designated, of: primary, timeoutMs: timing.windowStepTimeoutMs }),
    step({ kind: 'promote', target: designated }),
  ];
  // Siblings may lag: by GTID (slave_pos) they fetch what they lack from the new primary, which has it all.
  const finish = [
    ...(siblings.length > 0 ? [step({ kind: 'repoint', targets: siblings, source: designated, gtidStart: 'slave_pos', verifyMs: REPOINT_VERIFY_MS }, false)] : []),
    step({ kind: 'rejoin', target: primary, source: designated, gtidStart: 'slave_pos' }, false),
    step({ kind: 'hook', point: 'postGracefulTakeover' }, false),
  ];
  return { prepare, window, finish };
}

/**
 * Undoes a failed window (pure). When promotion was attempted the designated replica is made read-only first and
 * that step is critical: if it cannot be confirmed the old primary stays read-only (no writer beats two writers).
 * Then the old primary is writable again and the designated replica goes back under it. Each read_only change is
 * re-read after it (a change of the window that timed out may land late) so the rollback ends with one writer.
 */
export function planTakeoverRollback(input: TakeoverPlanInput, promotionAttempted: boolean): PlannedStep[] {
  const { primary, designated, timing } = input;
  return [
    ...(promotionAttempted ? [step({ kind: 'set-read-only', target: designated, readOnly: true, timeoutMs: timing.windowStepTimeoutMs, confirm: true })] : []),
    step({ kind: 'set-read-only', target: primary, readOnly: false, timeoutMs: timing.windowStepTimeoutMs, confirm: true }),
    ...(promotionAttempted ? [step({ kind: 'repoint', targets: [designated], source: primary, gtidStart: 'slave_pos', verifyMs: REPOINT_VERIFY_MS }, false)] : []),
  ];
}

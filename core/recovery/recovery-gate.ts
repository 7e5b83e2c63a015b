import { ANALYSIS_CODES } from '../analysis/analysis-codes.js';
import type { Finding } from '../analysis/finding.js';
import { formatAge } from '../model/instance-problems.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { formatInstant } from '../model/instant.js';
import { recoveryActionFor } from './recovery-action.js';
import { filterSelects, type RecoveryPolicy } from './recovery-policy.js';

/** Runtime state the gate needs, read from the store by the caller. */
export interface RecoveryGateState {
  /** Epoch ms of the cluster's latest recovery, or null. */
  readonly lastRecoveryAt: number | null;
  /** The latest recovery was acknowledged, which lifts the anti-flap block. */
  readonly acknowledged: boolean;
  /** Epoch ms until which the failed instance is downtimed, or null. */
  readonly downtimedUntil: number | null;
  /** The runtime switch (orc's "disable/enable global recoveries"). */
  readonly globalEnabled: boolean;
  /** The config has replication credentials (without them no replica can be repointed). */
  readonly replicationConfigured: boolean;
  /** The failed instance's fence, when it is a former primary a recovery demoted (and not rejoined). */
  readonly fence: { readonly state: string; readonly recoveryId: string } | null;
  /** A recovery of this cluster that is still running (its runner, or the orc that takes it over, ends it). */
  readonly running: { readonly id: string; readonly runner: string | null; readonly startedAt: number } | null;
}

/** The gate's answer; `reason` is the text `orc clusters` and the TUI show after "would recover now: yes/no". */
export interface GateDecision {
  readonly allowed: boolean;
  readonly reason: string;
}

/** The parts of a finding the gate reads. */
export type GatedFinding = Pick<Finding, 'code' | 'cluster' | 'clusterAlias' | 'instance' | 'actionable'>;

/**
 * Decides whether orc may recover a finding automatically now (pure), checking in order: actionable, config
 * switch, replication credentials, runtime switch, cluster opt-in, fence, running recovery, downtime, anti-flap
 * block. The first refusal is the reason.
 */
export function recoveryGate(finding: GatedFinding, policy: RecoveryPolicy, state: RecoveryGateState, now: number): GateDecision {
  const info = ANALYSIS_CODES[finding.code];
  const cluster = finding.clusterAlias ?? finding.cluster;
  const target = formatInstanceKey(finding.instance);
  if (!finding.actionable) return no(`${finding.code} is ${info.kind}: nothing to recover`);
  // The loop launches only what has a procedure; saying "would recover" for anything else would be a promise it breaks.
  if (recoveryActionFor(finding) === null) return no(`orc has no automated recovery for ${finding.code}: it is left to operators`);
  if (!policy.enabled) return no('recoveries are disabled in the config (recovery.enabled is false)');
  if (!state.replicationConfigured) return no('the config has no "replication" section: orc could not repoint a single replica');
  if (!state.globalEnabled) return no('recoveries are disabled globally (enable global recoveries to allow)');
  const filterKey = info.scope === 'intermediate' ? 'autoRecoverIntermediatePrimary' : 'autoRecoverPrimary';
  const filter = policy[filterKey];
  if (!filterSelects(filter, finding.cluster, finding.clusterAlias)) {
    const shown = typeof filter === 'string' ? `'${filter}'` : `[${filter.join(', ')}]`;
    return no(`cluster ${cluster} is not opted in (recovery.${filterKey} is ${shown})`);
  }
  if (state.fence !== null) {
    return no(`${target} is a former primary fenced by recovery ${state.fence.recoveryId} (${state.fence.state}); orc unfence ${target} lifts it`);
  }
  if (state.running !== null) {
    const by = state.running.runner === null ? 'its runner stopped; another orc takes it over' : `run by ${state.running.runner}`;
    return no(`recovery ${state.running.id} of cluster ${cluster} is still running (${by}, started ${formatAge(Math.max(0, now - state.running.startedAt))} ago)`);
  }
  if (state.downtimedUntil !== null && state.downtimedUntil > now) {
    return no(`${target} is downtimed until ${formatInstant(state.downtimedUntil)} (${formatAge(state.downtimedUntil - now)} left)`);
  }
  if (state.lastRecoveryAt !== null && now - state.lastRecoveryAt < policy.blockPeriodMs && !state.acknowledged) {
    const ago = formatAge(now - state.lastRecoveryAt);
    const left = formatAge(state.lastRecoveryAt + policy.blockPeriodMs - now);
    return no(`blocked: cluster ${cluster} was recovered ${ago} ago; anti-flap block for ${left} more unless acknowledged`);
  }
  return { allowed: true, reason: `would recover ${finding.code} on ${target}` };
}

/**
 * "Would orc recover this cluster's primary if it died now?": the gate for a hypothetical DeadPrimary, for
 * `orc clusters` and the TUI to show per cluster.
 */
export function primaryRecoveryReadiness(
  cluster: { readonly name: string; readonly alias: string | null; readonly primary: InstanceKey },
  policy: RecoveryPolicy,
  state: RecoveryGateState,
  now: number,
): GateDecision {
  const finding: GatedFinding = { code: 'DeadPrimary', cluster: cluster.name, clusterAlias: cluster.alias, instance: cluster.primary, actionable: true };
  const decision = recoveryGate(finding, policy, state, now);
  return decision.allowed ? { allowed: true, reason: 'would recover if the primary died now' } : decision;
}

function no(reason: string): GateDecision {
  return { allowed: false, reason };
}

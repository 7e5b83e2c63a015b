import { ANALYSIS_CODES } from '../analysis/analysis-codes.js';
import type { Finding } from '../analysis/finding.js';
import { formatAge } from '../model/instance-problems.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
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
 * switch, runtime switch, cluster opt-in, downtime, anti-flap block. The first refusal is the reason.
 */
export function recoveryGate(finding: GatedFinding, policy: RecoveryPolicy, state: RecoveryGateState, now: number): GateDecision {
  const info = ANALYSIS_CODES[finding.code];
  const cluster = finding.clusterAlias ?? finding.cluster;
  const target = formatInstanceKey(finding.instance);
  if (!finding.actionable) return no(`${finding.code} is ${info.kind}: nothing to recover`);
  if (!policy.enabled) return no('recoveries are disabled in the config (recovery.enabled is false)');
  if (!state.globalEnabled) return no('recoveries are disabled globally (enable global recoveries to allow)');
  const filterKey = info.scope === 'intermediate' ? 'autoRecoverIntermediatePrimary' : 'autoRecoverPrimary';
  const filter = policy[filterKey];
  if (!filterSelects(filter, finding.cluster, finding.clusterAlias)) {
    const shown = typeof filter === 'string' ? `'${filter}'` : `[${filter.join(', ')}]`;
    return no(`cluster ${cluster} is not opted in (recovery.${filterKey} is ${shown})`);
  }
  if (state.downtimedUntil !== null && state.downtimedUntil > now) {
    return no(`${target} is downtimed until ${new Date(state.downtimedUntil).toISOString()} (${formatAge(state.downtimedUntil - now)} left)`);
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

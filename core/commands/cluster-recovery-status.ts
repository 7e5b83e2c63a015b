import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import type { ClusterRecord } from '../model/instance.js';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import { latestRecoveryOf, readGateState } from '../recovery/gate-state.js';
import { primaryRecoveryReadiness, type GateDecision } from '../recovery/recovery-gate.js';
import type { RecoveryFilter } from '../recovery/recovery-policy.js';
import type { CommandContext } from './command-context.js';

/** Whether orc would recover a cluster's primary if it died now, and the state behind the answer. */
export interface ClusterRecoveryStatus {
  /** "would recover now: yes/no" and why. */
  readonly readiness: GateDecision;
  readonly configEnabled: boolean;
  readonly globalEnabled: boolean;
  readonly autoRecoverPrimary: RecoveryFilter;
  readonly blockPeriodMs: number;
  /** The cluster's latest recovery (by name, alias, or a member being its failed server or successor). */
  readonly lastRecovery: RecoveryRecord | null;
  /** Until when the primary is downtimed, or null. */
  readonly primaryDowntimedUntil: number | null;
}

/** Reads the recovery gate's state for a cluster's primary from the store and evaluates it. */
export async function clusterRecoveryStatus(
  ctx: Pick<CommandContext, 'store' | 'clock' | 'config'>,
  cluster: ClusterRecord,
  members: TopologySnapshot['instances'],
): Promise<ClusterRecoveryStatus> {
  const now = ctx.clock.now();
  const view = { clusterName: cluster.name, alias: cluster.alias, instances: members };
  const [state, recent] = await Promise.all([readGateState(ctx.store, ctx.config, view, cluster.primary, now), ctx.store.listRecoveries({ limit: 200 })]);
  const policy = ctx.config.recovery;
  return {
    readiness: primaryRecoveryReadiness(cluster, policy, state, now),
    configEnabled: policy.enabled,
    globalEnabled: state.globalEnabled,
    autoRecoverPrimary: policy.autoRecoverPrimary,
    blockPeriodMs: policy.blockPeriodMs,
    lastRecovery: latestRecoveryOf(recent, view),
    primaryDowntimedUntil: state.downtimedUntil !== null && state.downtimedUntil > now ? state.downtimedUntil : null,
  };
}

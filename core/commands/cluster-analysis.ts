import { analyze } from '../analysis/analyze.js';
import type { Finding } from '../analysis/finding.js';
import { errorLine } from '../errors.js';
import type { ClusterRecord } from '../model/instance.js';
import { readGateState } from '../recovery/gate-state.js';
import { recoveryGate, type GateDecision } from '../recovery/recovery-gate.js';
import { readClusterAftermath } from './cluster-aftermath.js';
import type { CommandContext } from './command-context.js';
import { clusterRecoveryStatus, type ClusterRecoveryStatus } from './cluster-recovery-status.js';
import { resolveCluster } from './resolve-cluster.js';

/** A finding with what the recovery gate says about it (actionable findings only). */
export interface GatedFindingView {
  readonly finding: Finding;
  readonly gate: GateDecision | null;
}

/** `orc analysis` for one cluster: its findings over the store's records, and its recovery readiness. */
export interface ClusterAnalysis {
  readonly cluster: ClusterRecord;
  readonly findings: readonly GatedFindingView[];
  /** null when the analysis failed; `error` says why. */
  readonly recovery: ClusterRecoveryStatus | null;
  /** Why this cluster's analysis failed (a bad stored row, say), as "code: message"; the others are analysed. */
  readonly error: string | null;
  readonly at: number;
}

/**
 * `orc analysis [CLUSTER]`: runs the pure analysis over what the store holds now (no probing, no progress
 * history, so frozen streams are not seen here) and the servers its recoveries fenced or detached, gates each
 * actionable finding, and says per cluster whether orc would recover its primary if it died now. A cluster whose analysis fails carries its error; the others do not.
 */
export async function clusterAnalysis(ctx: Pick<CommandContext, 'store' | 'clock' | 'config'>, clusterHint?: string): Promise<ClusterAnalysis[]> {
  const clusters = clusterHint !== undefined ? [await resolveCluster(ctx.store, clusterHint)] : await ctx.store.listClusters();
  const results = await Promise.all(
    clusters.map(async (cluster): Promise<ClusterAnalysis> => {
      const at = ctx.clock.now();
      try {
        return { ...(await analyseCluster(ctx, cluster, at)), error: null };
      } catch (err) {
        return { cluster, findings: [], recovery: null, error: errorLine(err), at };
      }
    }),
  );
  return results.sort((a, b) => (a.cluster.alias ?? a.cluster.name).localeCompare(b.cluster.alias ?? b.cluster.name));
}

async function analyseCluster(ctx: Pick<CommandContext, 'store' | 'clock' | 'config'>, cluster: ClusterRecord, at: number): Promise<Omit<ClusterAnalysis, 'error'>> {
  const instances = await ctx.store.listInstances({ clusterName: cluster.name });
  const view = { clusterName: cluster.name, alias: cluster.alias, instances };
  const snapshot = { ...view, observedAt: at, aftermath: await readClusterAftermath(ctx.store, view) };
  const findings = await Promise.all(
    analyze(snapshot, ctx.config.recovery, at).map(async (finding) => ({
      finding,
      gate: finding.actionable ? recoveryGate(finding, ctx.config.recovery, await readGateState(ctx.store, ctx.config, snapshot, finding.instance, at), at) : null,
    })),
  );
  return { cluster, findings, recovery: await clusterRecoveryStatus(ctx, cluster, instances), at };
}

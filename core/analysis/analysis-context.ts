import type { InstanceKey } from '../model/instance-key.js';
import type { InstanceRecord } from '../model/instance.js';
import { ANALYSIS_CODES, type AnalysisCode } from './analysis-codes.js';
import { NO_REPLICAS, type Finding, type ReplicaCounts } from './finding.js';
import type { ProgressHistory } from './progress-history.js';
import { observeReplica, type ObservationPolicy, type ReplicaObservation } from './replica-observation.js';
import type { TopologyIndex } from './topology-index.js';
import type { TopologySnapshot } from './topology-snapshot.js';

/** The policy values analysis reads (a RecoveryPolicy satisfies it). */
export type AnalysisPolicy = ObservationPolicy;

/** What every per-role analyzer receives: the indexed snapshot, policy, time and progress history. */
export interface AnalysisContext {
  readonly snapshot: TopologySnapshot;
  readonly index: TopologyIndex;
  readonly policy: AnalysisPolicy;
  readonly now: number;
  readonly history: ProgressHistory | undefined;
}

/** Observations of an instance's direct replicas, ordered by key. */
export function observeReplicasOf(ctx: AnalysisContext, record: InstanceRecord): ReplicaObservation[] {
  return ctx.index.replicasOf(record.key).map((r) => observeReplica(r, ctx.policy, ctx.history));
}

/** Builds a finding for the snapshot's cluster, filling kind, actionability and description from the code table. */
export function makeFinding(
  ctx: AnalysisContext,
  code: AnalysisCode,
  instance: InstanceKey,
  details: Record<string, unknown> = {},
  replicas: ReplicaCounts = NO_REPLICAS,
): Finding {
  const info = ANALYSIS_CODES[code];
  return Object.freeze({
    code,
    kind: info.kind,
    actionable: info.kind === 'actionable',
    cluster: ctx.snapshot.clusterName,
    clusterAlias: ctx.snapshot.alias,
    instance,
    description: info.description,
    replicas,
    details: Object.freeze(details),
  });
}

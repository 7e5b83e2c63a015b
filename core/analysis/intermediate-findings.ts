import { formatInstanceKey } from '../model/instance-key.js';
import type { InstanceRecord } from '../model/instance.js';
import type { AnalysisCode } from './analysis-codes.js';
import { makeFinding, observeReplicasOf, type AnalysisContext } from './analysis-context.js';
import type { Finding } from './finding.js';
import { countReplicas, describeObservation, unableToConfirm } from './replica-observation.js';
import { unconfirmedReason } from './unconfirmed-reason.js';

/** Findings about an intermediate primary (a replica with replicas), confirmed by its own replicas. */
export function intermediateFindings(ctx: AnalysisContext, record: InstanceRecord): Finding[] {
  const observations = observeReplicasOf(ctx, record);
  const counts = countReplicas(observations);
  const reachable = observations.filter((o) => o.reachable);
  const seeing = reachable.filter((o) => o.seesSource);
  // Replicas whose heartbeat period is too long, or that have not reached their source since they started, confirm nothing.
  const unconfirmed = reachable.filter(unableToConfirm);
  const source = ctx.index.sourceOf(record);
  const details = {
    source: source ? formatInstanceKey(source) : null,
    replicas: observations.map(describeObservation),
    ...(!record.reachable && seeing.length === 0 && unconfirmed.length > 0 ? { reason: unconfirmedReason(unconfirmed) } : {}),
  };
  let code: AnalysisCode | null = null;
  if (!record.reachable) {
    if (reachable.length === 0) code = 'DeadIntermediatePrimaryAndReplicas';
    else if (seeing.length === 0 && unconfirmed.length === 0) {
      if (counts.total === 1 && counts.failingToConnect === 1) code = 'DeadIntermediatePrimaryWithSingleReplicaFailingToConnect';
      else code = reachable.length === counts.total ? 'DeadIntermediatePrimary' : 'DeadIntermediatePrimaryAndSomeReplicas';
    } else {
      const allLagging = reachable.every((o) => o.lagging) && !reachable.every((o) => o.delayed);
      code = allLagging ? 'UnreachableIntermediatePrimaryWithLaggingReplicas' : 'UnreachableIntermediatePrimary';
    }
  } else if (reachable.length > 0 && reachable.every((o) => o.failingToConnect) && reachable.some((o) => !o.notConnectedSinceStart)) {
    // Replicas started before it that have not reached it yet are only waiting for their next connect retry.
    code = 'AllIntermediatePrimaryReplicasFailingToConnectOrDead';
  }
  return code ? [makeFinding(ctx, code, record.key, { ...details, unreachableForMs: unreachableFor(ctx, record) }, counts)] : [];
}

function unreachableFor(ctx: AnalysisContext, record: InstanceRecord): number | null {
  return record.reachable || record.lastSeenAt === null ? null : ctx.now - record.lastSeenAt;
}

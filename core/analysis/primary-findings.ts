import { formatInstanceKey } from '../model/instance-key.js';
import { primaryChannel, type InstanceRecord } from '../model/instance.js';
import type { AnalysisCode } from './analysis-codes.js';
import { makeFinding, observeReplicasOf, type AnalysisContext } from './analysis-context.js';
import type { Finding } from './finding.js';
import { binlogMarker, unchangedForMs } from './progress-history.js';
import { confirmsDead, countReplicas, describeObservation, unableToConfirm, type ReplicaObservation } from './replica-observation.js';
import { unconfirmedReason } from './unconfirmed-reason.js';

/**
 * Findings about a primary (or a co-primary) and its direct replicas. Holistic rule: an unreachable primary is
 * dead only when every reachable replica confirms it cannot replicate from it (IO thread not running, or its
 * receive stream frozen past its threshold: max(heartbeatStallMs, 2 x its heartbeat period)); lag alone never is.
 * A replica whose heartbeat period is too long to tell a hung primary from an idle one confirms nothing, so a
 * primary only such replicas stopped hearing from is unreachable, not dead.
 */
export function primaryFindings(ctx: AnalysisContext, record: InstanceRecord, coPrimary: boolean): Finding[] {
  const observations = observeReplicasOf(ctx, record);
  if (!record.reachable) {
    const finding = unreachablePrimaryFinding(ctx, record, observations, coPrimary);
    return finding ? [finding] : [];
  }
  return reachablePrimaryFindings(ctx, record, observations);
}

function unreachablePrimaryFinding(
  ctx: AnalysisContext,
  record: InstanceRecord,
  observations: readonly ReplicaObservation[],
  coPrimary: boolean,
): Finding | null {
  if (record.lastSeenAt === null && observations.length === 0) return null;
  const counts = countReplicas(observations);
  const reachable = observations.filter((o) => o.reachable);
  const seeing = reachable.filter((o) => o.seesSource);
  const unconfirmed = reachable.filter(unableToConfirm);
  const details = {
    coPrimary,
    unreachableForMs: record.lastSeenAt === null ? null : ctx.now - record.lastSeenAt,
    lastError: record.lastError,
    confirmedBy: reachable.filter(confirmsDead).map(describeObservation),
    cannotConfirm: unconfirmed.map(describeObservation),
    stillReplicating: seeing.map((o) => formatInstanceKey(o.key)),
    unreachableReplicas: observations.filter((o) => !o.reachable).map((o) => formatInstanceKey(o.key)),
    ...(seeing.length === 0 && unconfirmed.length > 0 ? { reason: unconfirmedReason(unconfirmed) } : {}),
  };
  let code: AnalysisCode;
  if (counts.total === 0) code = 'DeadPrimaryWithoutReplicas';
  else if (reachable.length === 0) code = 'DeadPrimaryAndReplicas';
  else if (seeing.length === 0 && unconfirmed.length === 0) {
    const all = reachable.length === counts.total;
    code = coPrimary ? (all ? 'DeadCoPrimary' : 'DeadCoPrimaryAndSomeReplicas') : all ? 'DeadPrimary' : 'DeadPrimaryAndSomeReplicas';
  } else {
    const allLagging = reachable.every((o) => o.lagging) && !reachable.every((o) => o.delayed);
    code = allLagging ? 'UnreachablePrimaryWithLaggingReplicas' : 'UnreachablePrimary';
  }
  return makeFinding(ctx, code, record.key, details, counts);
}

function reachablePrimaryFindings(
  ctx: AnalysisContext,
  record: InstanceRecord,
  observations: readonly ReplicaObservation[],
): Finding[] {
  const findings: Finding[] = [];
  const counts = countReplicas(observations);
  const locked = lockedSemiSync(ctx, record);
  if (locked) findings.push(makeFinding(ctx, 'LockedSemiSyncPrimary', record.key, locked, counts));
  if (counts.total > 0 && counts.replicating === 0) {
    const code: AnalysisCode =
      counts.total === 1
        ? counts.reachable === 1
          ? 'PrimarySingleReplicaNotReplicating'
          : 'PrimarySingleReplicaDead'
        : counts.reachable === counts.total
          ? 'AllPrimaryReplicasNotReplicating'
          : 'AllPrimaryReplicasNotReplicatingOrDead';
    findings.push(makeFinding(ctx, code, record.key, { replicas: observations.map(describeObservation) }, counts));
  }
  for (const o of observations.filter((x) => x.failingToConnect)) {
    findings.push(
      makeFinding(ctx, 'FirstTierReplicaFailingToConnectToPrimary', o.key, {
        source: formatInstanceKey(record.key),
        evidence: describeObservation(o),
        lastIoError: o.record.facts ? (primaryChannel(o.record.facts)?.lastIoError ?? '') : '',
      }),
    );
  }
  return findings;
}

function lockedSemiSync(ctx: AnalysisContext, record: InstanceRecord): Record<string, unknown> | null {
  const facts = record.facts;
  const semi = facts?.semiSync;
  if (!facts || !semi || !semi.sourceEnabled || !semi.sourceStatusOn) return null;
  if (semi.waitForReplicaCount <= 0 || semi.sourceClients >= semi.waitForReplicaCount) return null;
  const frozenMs = unchangedForMs(ctx.history?.binlogs[formatInstanceKey(record.key)], binlogMarker(facts), facts.observedAt);
  // Too few acking replicas is a lock only while writes are stuck; a binlog frozen for the stall period is the
  // evidence (an idle primary looks the same, as it does to orchestrator).
  if (frozenMs < ctx.policy.heartbeatStallMs) return null;
  return { semiSyncClients: semi.sourceClients, waitForReplicaCount: semi.waitForReplicaCount, binlogFrozenMs: frozenMs };
}

import { formatInstanceKey } from '../model/instance-key.js';
import { skipReason, type FailedPlace } from './candidate-eligibility.js';
import { planFollowers } from './candidate-followers.js';
import { profileReplica, type CandidateProfile } from './candidate-profile.js';
import { rankCandidates, rankingAdvantage } from './candidate-ranking.js';
import type { CandidateChoice, CandidateInput, CandidateVerdict, LostKind } from './candidate-types.js';
import { dataCenterOf, regionOf } from './recovery-policy.js';

/** Lost kinds whose replica holds transactions the new primary will not have. */
export const LOSES_DATA: ReadonlySet<LostKind> = new Set<LostKind>(['ahead', 'diverged', 'errant']);

export type { CandidateChoice, CandidateInput, CandidateVerdict, LostReplica, LostKind } from './candidate-types.js';

/**
 * Chooses the replica to promote in place of a failed primary (pure): hard rules skip replicas, the rest are
 * ranked (no errant GTID, most up-to-date, promotion rule, data center, ...); when a skipped or lower-ranked
 * replica is ahead of the winner, the winner catches up from it first (`catchUpFrom`) so nothing is lost, else the
 * replicas that cannot follow are `lost` and `dataLoss` says whether transactions go with them.
 */
export function chooseCandidate(input: CandidateInput): CandidateChoice {
  const { policy, failed } = input;
  const place: FailedPlace = { dataCenter: dataCenterOf(policy, failed), region: regionOf(policy, failed) };
  const profiles = input.replicas.map((r) => profileReplica(r, input.failedFacts, policy));
  const skipped = new Map<CandidateProfile, string>();
  for (const p of profiles) {
    const reason = skipReason(p, profiles, input, place);
    if (reason !== null) skipped.set(p, reason);
  }
  const ranked = rankCandidates(profiles.filter((p) => !skipped.has(p)), place);
  const skippedOrdered = [...skipped.keys()].sort((a, b) => (a.score > b.score ? -1 : a.score < b.score ? 1 : 0));
  const positionsInclude = policy.delayPromotionUntilRelayApplied ? 'relay' : 'executed';
  const candidate = ranked[0];
  const verdict = (p: CandidateProfile, v: CandidateVerdict['verdict'], reason: string): CandidateVerdict => ({
    key: p.key,
    verdict: v,
    reason,
    position: p.position,
    promotionRule: p.rule,
  });
  const skippedVerdicts = skippedOrdered.map((p) => verdict(p, 'skipped', skipped.get(p)!));
  if (!candidate) {
    const why = skippedVerdicts.map((v) => `${formatInstanceKey(v.key)}: ${v.reason}`).join('; ');
    return {
      failed,
      candidate: null,
      ordered: skippedVerdicts,
      catchUpFrom: null,
      awaitRelayApply: false,
      positionsInclude,
      lost: [],
      unreachable: [],
      dataLoss: false,
      reason: profiles.length === 0 ? 'no candidate: the failed server has no replicas' : `no candidate: ${why}`,
    };
  }
  const plan = planFollowers(candidate, profiles);
  const awaitRelayApply = policy.delayPromotionUntilRelayApplied && !candidate.relayApplied;
  const name = formatInstanceKey(candidate.key);
  const notes = [
    `position ${candidate.position}`,
    plan.catchUpFrom ? `catches up from ${formatInstanceKey(plan.catchUpFrom.key)} first` : null,
    awaitRelayApply ? 'waits for its relay log to be applied' : null,
    candidate.errant !== '' ? `has errant GTID ${candidate.errant}` : null,
  ].filter((n): n is string => n !== null);
  const ordered = [
    verdict(candidate, 'chosen', `chosen: ${notes.join('; ')}`),
    ...ranked.slice(1).map((p) => verdict(p, 'eligible', `eligible: ranked below ${name}, which has ${rankingAdvantage(candidate, p, place)}`)),
    ...skippedVerdicts,
  ];
  // An errant replica holds transactions nobody else has: detaching it loses them as surely as one that is ahead.
  const dataLoss = plan.lost.some((l) => LOSES_DATA.has(l.kind));
  return {
    failed,
    candidate: candidate.key,
    ordered,
    catchUpFrom: plan.catchUpFrom?.key ?? null,
    awaitRelayApply,
    positionsInclude,
    lost: plan.lost,
    unreachable: plan.unreachable,
    dataLoss,
    reason: `promote ${name}: ${notes.join('; ')}${dataLoss ? '; DATA LOSS: lost replicas hold transactions the new primary lacks' : ''}`,
  };
}

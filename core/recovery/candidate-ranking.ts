import { compareInstanceKeys } from '../model/instance-key.js';
import { compareMajor, type CandidateProfile } from './candidate-profile.js';
import type { FailedPlace } from './candidate-eligibility.js';
import type { PromotionRule } from './recovery-policy.js';

/** One ranking criterion: `advantage` names what the better replica has, for "ranked below X, which has ...". */
interface Criterion {
  readonly advantage: string;
  readonly compare: (a: CandidateProfile, b: CandidateProfile) => number;
}

const RULE_ORDER: Readonly<Record<PromotionRule, number>> = { prefer: 0, neutral: 1, prefer_not: 2, must_not: 3 };

const first = (test: (p: CandidateProfile) => boolean) => (a: CandidateProfile, b: CandidateProfile) =>
  Number(test(b)) - Number(test(a));

/**
 * Ranking of eligible replicas, best first: no errant GTID (promoting one spreads them), most up-to-date, then ties
 * by promotion rule, same data center and region as the failed primary, relay log applied (no wait), lower major
 * version, narrower binlog format, and host:port for a stable answer.
 */
export function rankingCriteria(place: FailedPlace): readonly Criterion[] {
  return [
    { advantage: 'no errant GTID', compare: first((p) => p.errant === '') },
    { advantage: 'a more up-to-date position', compare: (a, b) => (a.score > b.score ? -1 : a.score < b.score ? 1 : 0) },
    { advantage: 'a better promotion rule', compare: (a, b) => RULE_ORDER[a.rule] - RULE_ORDER[b.rule] },
    { advantage: "the failed primary's data center", compare: first((p) => place.dataCenter !== null && p.dataCenter === place.dataCenter) },
    { advantage: "the failed primary's region", compare: first((p) => place.region !== null && p.region === place.region) },
    { advantage: 'its relay log applied', compare: first((p) => p.relayApplied) },
    { advantage: 'a lower major version', compare: (a, b) => compareMajor(a.major, b.major) },
    { advantage: 'a narrower binlog format', compare: (a, b) => a.formatWidth - b.formatWidth },
    { advantage: 'a lower host:port', compare: (a, b) => compareInstanceKeys(a.key, b.key) },
  ];
}

/** Sorts eligible replicas best first (stable, total). */
export function rankCandidates(eligible: readonly CandidateProfile[], place: FailedPlace): CandidateProfile[] {
  const criteria = rankingCriteria(place);
  return [...eligible].sort((a, b) => {
    for (const c of criteria) {
      const d = c.compare(a, b);
      if (d !== 0) return d;
    }
    return 0;
  });
}

/** What `better` has that ranked it above `worse`. */
export function rankingAdvantage(better: CandidateProfile, worse: CandidateProfile, place: FailedPlace): string {
  return rankingCriteria(place).find((c) => c.compare(better, worse) < 0)?.advantage ?? 'an equal rank';
}

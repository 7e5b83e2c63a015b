import { formatAge } from '../model/instance-problems.js';
import { compareMajor, type CandidateProfile } from './candidate-profile.js';
import type { CandidateInput } from './candidate-types.js';

/** Where the failed primary lived, for the data center and region constraints. */
export interface FailedPlace {
  readonly dataCenter: string | null;
  readonly region: string | null;
}

/**
 * Why a replica may not be promoted, or null when it may. Hard rules only; soft preferences (errant GTIDs,
 * promotion rule, data center) are ranking criteria.
 */
export function skipReason(p: CandidateProfile, all: readonly CandidateProfile[], input: CandidateInput, place: FailedPlace): string | null {
  const { policy, failedFacts, now } = input;
  const facts = p.facts;
  if (!facts) return 'never reached';
  if (!p.reachable) {
    const seen = p.record.lastSeenAt;
    return seen === null ? 'unreachable' : `unreachable (last seen ${formatAge(now - seen)} ago)`;
  }
  if (failedFacts && facts.flavor !== failedFacts.flavor) return `flavor ${facts.flavor} differs from the failed primary's ${failedFacts.flavor}`;
  if (p.rule === 'must_not') return 'promotion rule must_not';
  if (!facts.logBin) return 'log_bin is OFF';
  if (!facts.logReplicaUpdates) return 'log_slave_updates is OFF';
  if (!p.usesGtid) return 'does not replicate with GTID';
  if (p.sqlError !== 0) return `SQL thread stopped with error ${p.sqlError}`;
  if (policy.preventCrossDataCenterPromotion && place.dataCenter !== null && p.dataCenter !== place.dataCenter) {
    return `data center ${p.dataCenter ?? 'unknown'} is not the failed primary's ${place.dataCenter} (preventCrossDataCenterPromotion)`;
  }
  if (policy.preventCrossRegionPromotion && place.region !== null && p.region !== place.region) {
    return `region ${p.region ?? 'unknown'} is not the failed primary's ${place.region} (preventCrossRegionPromotion)`;
  }
  const maxLag = policy.failOnLagAboveSeconds;
  if (maxLag !== undefined && p.lagSeconds !== null && p.lagSeconds > maxLag) {
    return `lag ${p.lagSeconds}s is above failOnLagAboveSeconds ${maxLag}`;
  }
  const siblings = all.filter((s) => s !== p && s.facts);
  if (mostAre(siblings, (s) => compareMajor(s.major, p.major) < 0)) {
    return `major version ${facts.majorVersion} is newer than most siblings (they could not replicate from it)`;
  }
  const loggingSiblings = siblings.filter((s) => s.logs);
  if (mostAre(loggingSiblings, (s) => s.formatWidth < p.formatWidth)) {
    return `binlog format ${facts.binlogFormat} is wider than most logging siblings'`;
  }
  return null;
}

function mostAre(list: readonly CandidateProfile[], test: (p: CandidateProfile) => boolean): boolean {
  return list.length > 0 && list.filter(test).length * 2 > list.length;
}

import { gtidsMissingFrom, relateGtid, unionGtid } from '../analysis/gtid-view.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { compareMajor, type CandidateProfile } from './candidate-profile.js';
import type { LostReplica } from './candidate-types.js';

/** How the other replicas relate to a chosen candidate. */
export interface FollowerPlan {
  readonly catchUpFrom: CandidateProfile | null;
  /** The position the candidate will hold when promoted (the catch-up source's when there is one). */
  readonly finalPosition: string;
  readonly lost: LostReplica[];
  readonly unreachable: InstanceKey[];
}

/**
 * Picks a catch-up source when replicas are ahead of the candidate (the most up-to-date one whose binlog can feed
 * the candidate: logging, no errant GTIDs, same flavor, not newer nor wider than the candidate), then lists the
 * replicas that cannot follow the candidate once it is there.
 */
export function planFollowers(candidate: CandidateProfile, profiles: readonly CandidateProfile[]): FollowerPlan {
  const flavor = candidate.flavor ?? 'mariadb';
  const others = profiles.filter((p) => p !== candidate);
  const sources = others
    .filter((p) => p.reachable && p.usesGtid && p.logs && p.errant === '' && p.flavor === candidate.flavor)
    .filter((p) => compareMajor(p.major, candidate.major) <= 0 && p.formatWidth <= candidate.formatWidth)
    .filter((p) => relateGtid(flavor, p.position, candidate.position) === 'ahead')
    .sort((a, b) => (a.score > b.score ? -1 : a.score < b.score ? 1 : 0));
  const catchUpFrom = sources[0] ?? null;
  const finalPosition = catchUpFrom?.position ?? candidate.position;
  const lost: LostReplica[] = [];
  const unreachable: InstanceKey[] = [];
  for (const p of others) {
    if (!p.reachable || !p.facts) {
      unreachable.push(p.key);
      continue;
    }
    if (p === catchUpFrom) continue;
    const incompatible = incompatibility(p, candidate);
    if (incompatible) {
      lost.push({ key: p.key, kind: incompatible.kind, reason: incompatible.reason, gtids: '' });
      continue;
    }
    const relation = relateGtid(flavor, p.position, finalPosition);
    // An errant replica is lost even when its position looks behind: its own write was overtaken, and the new
    // primary's history takes that seq_no with another transaction (it would stop with 1950 there).
    if (p.errant === '' && (relation === 'equal' || relation === 'behind')) continue;
    const kind = p.errant !== '' ? 'errant' : relation === 'ahead' ? 'ahead' : 'diverged';
    const why = p.errant !== '' ? `has errant GTID ${p.errant}` : `is ${relation} of the candidate`;
    const gtids = p.errant === '' ? gtidsMissingFrom(flavor, p.position, finalPosition) : unionGtid(flavor, p.errant, gtidsMissingFrom(flavor, p.position, finalPosition));
    lost.push({ key: p.key, kind, reason: `${why} (${p.position} vs ${finalPosition})`, gtids });
  }
  return { catchUpFrom, finalPosition, lost, unreachable };
}

function incompatibility(p: CandidateProfile, candidate: CandidateProfile): Pick<LostReplica, 'kind' | 'reason'> | null {
  const name = formatInstanceKey(candidate.key);
  if (!p.usesGtid) return { kind: 'no_gtid', reason: 'does not replicate with GTID: cannot be repointed' };
  if (p.flavor !== candidate.flavor) return { kind: 'incompatible', reason: `flavor ${p.flavor} cannot replicate from ${name} (${candidate.flavor})` };
  if (compareMajor(p.major, candidate.major) < 0) {
    return { kind: 'incompatible', reason: `major version ${p.facts?.majorVersion} is older than ${name}'s ${candidate.facts?.majorVersion}` };
  }
  if (p.logs && p.formatWidth < candidate.formatWidth) {
    return { kind: 'incompatible', reason: `binlog format ${p.facts?.binlogFormat} is narrower than ${name}'s ${candidate.facts?.binlogFormat}` };
  }
  return null;
}

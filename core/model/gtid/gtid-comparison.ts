import type { Flavor } from '../instance.js';
import { compareMariadbDomains, parseMariadbPosition } from './mariadb-gtid-position.js';
import { countMysqlGtidSet, parseMysqlGtidSet, subtractMysqlGtidSets } from './mysql-gtid-set.js';

/**
 * How GTID state `a` relates to `b`:
 * - equal: the same transactions;
 * - ahead / behind: `a` has everything `b` has and more (or the reverse);
 * - diverged: proven different histories (MySQL: each side executed transactions the other lacks; MariaDB: the
 *   same domain and seq_no came from different server_ids);
 * - incomparable: MariaDB only: ahead in one domain and behind in another, which independent domains allow without
 *   any conflict. Neither side can safely replicate from the other in either of the last two cases.
 */
export type GtidComparison = 'equal' | 'ahead' | 'behind' | 'diverged' | 'incomparable';

/** Compares two GTID states in the flavor's notation (MySQL executed sets, MariaDB positions). */
export function compareGtid(flavor: Flavor, a: string, b: string): GtidComparison {
  if (flavor === 'mysql') {
    const setA = parseMysqlGtidSet(a);
    const setB = parseMysqlGtidSet(b);
    const aExtra = subtractMysqlGtidSets(setA, setB).size > 0;
    const bExtra = subtractMysqlGtidSets(setB, setA).size > 0;
    if (aExtra && bExtra) return 'diverged';
    return aExtra ? 'ahead' : bExtra ? 'behind' : 'equal';
  }
  const domains = compareMariadbDomains(parseMariadbPosition(a), parseMariadbPosition(b));
  if (domains.some((d) => d.relation === 'conflict')) return 'diverged';
  const ahead = domains.some((d) => d.relation === 'ahead');
  const behind = domains.some((d) => d.relation === 'behind');
  if (ahead && behind) return 'incomparable';
  return ahead ? 'ahead' : behind ? 'behind' : 'equal';
}

/** True when `superset` has executed everything `subset` has (equal or ahead). */
export function gtidContains(flavor: Flavor, superset: string, subset: string): boolean {
  const relation = compareGtid(flavor, superset, subset);
  return relation === 'equal' || relation === 'ahead';
}

/** True when `a` is strictly ahead of `b`: it has everything `b` has and more. */
export function gtidAheadOf(flavor: Flavor, a: string, b: string): boolean {
  return compareGtid(flavor, a, b) === 'ahead';
}

/**
 * A number that grows with every executed transaction: MySQL the transaction count of the set, MariaDB the sum of
 * seq_no over domains. Whenever `a` is ahead of `b`, score(a) > score(b), so sorting by it is a total order that
 * extends the partial "ahead" order.
 */
export function gtidUpToDateness(flavor: Flavor, gtid: string): bigint {
  if (flavor === 'mysql') return countMysqlGtidSet(parseMysqlGtidSet(gtid));
  return parseMariadbPosition(gtid).reduce((sum, g) => sum + g.seqNo, 0n);
}

/**
 * Comparator that sorts the most up-to-date GTID state first (`list.sort((x, y) => compareGtidUpToDateness(f, x, y))`).
 * Consistent and transitive; states that are diverged or incomparable get an order that is arbitrary but stable, so
 * callers must still check compareGtid between the chosen candidate and the others.
 */
export function compareGtidUpToDateness(flavor: Flavor, a: string, b: string): number {
  const scoreA = gtidUpToDateness(flavor, a);
  const scoreB = gtidUpToDateness(flavor, b);
  return scoreA > scoreB ? -1 : scoreA < scoreB ? 1 : 0;
}

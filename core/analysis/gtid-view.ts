import { OrcError } from '../errors.js';
import type { Flavor, InstanceFacts } from '../model/instance.js';
import { compareGtid, gtidUpToDateness, type GtidComparison } from '../model/gtid/gtid-comparison.js';
import { errantGtid, mariadbErrantStates } from '../model/gtid/errant-gtid.js';
import { compareMariadbDomains, formatMariadbPosition, parseMariadbPosition } from '../model/gtid/mariadb-gtid-position.js';
import { formatMysqlGtidSet, parseMysqlGtidSet, subtractMysqlGtidSets, unionMysqlGtidSets } from '../model/gtid/mysql-gtid-set.js';
import { primaryChannel } from '../model/instance.js';

export type { GtidComparison };

// Analysis and candidate choice see GTIDs only through this file: the shared core/model/gtid module made total,
// since a malformed GTID from a probe must not throw out of a pure decision (it compares as 'incomparable').
function tolerant<T>(fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof OrcError) return fallback;
    throw err;
  }
}

/** How GTID state `a` relates to `b`; 'incomparable' when either side does not parse. */
export function relateGtid(flavor: Flavor, a: string, b: string): GtidComparison {
  return tolerant<GtidComparison>('incomparable', () => compareGtid(flavor, a, b));
}

/** A score that grows with every transaction (for sorting most up-to-date first); -1 when it does not parse. */
export function gtidScore(flavor: Flavor, gtid: string): bigint {
  return tolerant(-1n, () => gtidUpToDateness(flavor, gtid));
}

/** Everything in `a` or `b` (MariaDB: per domain, the further GTID); `a` unchanged when either does not parse. */
export function unionGtid(flavor: Flavor, a: string, b: string): string {
  return tolerant(a, () => {
    if (flavor === 'mysql') return formatMysqlGtidSet(unionMysqlGtidSets(parseMysqlGtidSet(a), parseMysqlGtidSet(b)));
    const domains = compareMariadbDomains(parseMariadbPosition(a), parseMariadbPosition(b));
    return formatMariadbPosition(domains.map((d) => (d.relation === 'behind' ? d.b! : (d.a ?? d.b!))));
  });
}

/**
 * What GTID state `a` holds that `b` lacks ('' when nothing or either does not parse): MySQL the set difference,
 * MariaDB per domain the GTID of `a` where it is ahead of `b` or took another transaction's seq_no.
 */
export function gtidsMissingFrom(flavor: Flavor, a: string, b: string): string {
  return tolerant('', () => {
    if (flavor === 'mysql') return formatMysqlGtidSet(subtractMysqlGtidSets(parseMysqlGtidSet(a), parseMysqlGtidSet(b)));
    const domains = compareMariadbDomains(parseMariadbPosition(a), parseMariadbPosition(b));
    return formatMariadbPosition(domains.filter((d) => d.a && (d.relation === 'ahead' || d.relation === 'conflict')).map((d) => d.a!));
  });
}

/**
 * The GTID state a replica will hold once its relay log is applied (executed plus retrieved) when `withRelay`,
 * else what it executed. A stopped SQL thread applies nothing, so its relay log never counts.
 */
export function effectivePosition(facts: InstanceFacts, withRelay: boolean): string {
  const channel = primaryChannel(facts);
  if (!withRelay || !channel || !channel.sqlRunning || channel.retrievedGtid.trim() === '') return facts.gtid.executed;
  return unionGtid(facts.flavor, facts.gtid.executed, channel.retrievedGtid);
}

/**
 * Transactions `replica` executed that `source` lacks ('' when none or unknown), whatever its replication threads
 * do. MariaDB: local writes of the replica's own server_id (race-free), also once the source has overtaken them. MySQL: the set difference, but when the source was observed before the
 * replica only the replica's own-uuid part counts, since the source may simply not have been seen with the newest
 * transactions yet.
 */
export function errantOf(replica: InstanceFacts, source: InstanceFacts): string {
  if (!replica.gtid.enabled || !source.gtid.enabled || replica.flavor !== source.flavor) return '';
  if (replica.flavor === 'mariadb') {
    const states = mariadbErrantStates(replica.gtid, source.gtid);
    return tolerant('', () => errantGtid('mariadb', replica.gtid.binlogPos, source.gtid.executed, replica.serverId, states));
  }
  return tolerant('', () => {
    const diff = subtractMysqlGtidSets(parseMysqlGtidSet(replica.gtid.executed), parseMysqlGtidSet(source.gtid.executed));
    if (source.observedAt >= replica.observedAt) return formatMysqlGtidSet(diff);
    const own = (replica.serverUuid ?? '').toLowerCase();
    return formatMysqlGtidSet(new Map([...diff].filter(([sid]) => sid === own || sid.startsWith(`${own}:`))));
  });
}

import { InputError } from '../../errors.js';
import type { Flavor, GtidState } from '../instance.js';
import {
  compareMariadbDomains,
  formatMariadbPosition,
  parseMariadbGtidList,
  parseMariadbPosition,
  type MariadbGtid,
} from './mariadb-gtid-position.js';
import { formatMysqlGtidSet, parseMysqlGtidSet, subtractMysqlGtidSets } from './mysql-gtid-set.js';

/**
 * Transactions a replica executed that its primary does not have, in the flavor's notation ('' when none).
 *
 * MySQL: `replicaExecuted` minus `primaryExecuted` (both @@gtid_executed); `replicaServerIdentity` is not needed.
 *
 * MariaDB: `replicaExecuted` is the replica's @@gtid_binlog_pos, `primaryExecuted` the primary's @@gtid_current_pos
 * (or binlog pos) and `replicaServerIdentity` the replica's server_id. A domain is errant when the replica's binlog
 * ends in that domain with a GTID of its OWN server_id (a local write) and the primary lacks the domain, is behind it,
 * or holds a different transaction at the same seq_no. GTIDs of other servers are replicated, never errant here.
 * Positions alone cannot show a local write the primary has since overtaken with higher seq_nos (in strict mode the
 * replica's SQL thread stops on the primary's next event, error 1950, and stays behind); `states` closes that gap.
 */
export function errantGtid(
  flavor: Flavor,
  replicaExecuted: string,
  primaryExecuted: string,
  replicaServerIdentity: string | number | null,
  states?: MariadbErrantStates,
): string {
  if (flavor === 'mysql') {
    return formatMysqlGtidSet(subtractMysqlGtidSets(parseMysqlGtidSet(replicaExecuted), parseMysqlGtidSet(primaryExecuted)));
  }
  const ownServerId =
    typeof replicaServerIdentity === 'number' || /^\d+$/.test(replicaServerIdentity ?? '') ? Number(replicaServerIdentity) : Number.NaN;
  if (!Number.isInteger(ownServerId) || ownServerId < 0) {
    throw new InputError(`MariaDB errant GTID needs the replica's numeric server_id, got "${String(replicaServerIdentity)}"`, {
      token: String(replicaServerIdentity),
    });
  }
  const errant = new Map<number, MariadbGtid>();
  const primaryPosition = parseMariadbPosition(primaryExecuted);
  for (const domain of compareMariadbDomains(parseMariadbPosition(replicaExecuted), primaryPosition)) {
    const local = domain.a;
    if (!local || local.serverId !== ownServerId) continue;
    if (domain.relation === 'ahead' || domain.relation === 'conflict') errant.set(local.domainId, local);
  }
  if (states) {
    for (const local of overtakenLocalWrites(ownServerId, primaryPosition, states)) {
      if (!errant.has(local.domainId)) errant.set(local.domainId, local);
    }
  }
  return formatMariadbPosition([...errant.values()]);
}

/** The binlog states (and the replica's applied position) that show local writes a primary has overtaken. */
export interface MariadbErrantStates {
  /** The replica's @@gtid_binlog_state. */
  readonly replicaBinlogState: string;
  /** The replica's @@gtid_slave_pos: what it applied from a source. */
  readonly replicaSlavePos: string;
  /** The primary's @@gtid_binlog_state; '' (no binlog) tells nothing and disables this check. */
  readonly primaryBinlogState: string;
}

/** The states of a replica and its primary as probed; undefined when either lacks a binlog state (older facts). */
export function mariadbErrantStates(replica: GtidState, primary: GtidState): MariadbErrantStates | undefined {
  if (replica.binlogState === undefined || primary.binlogState === undefined) return undefined;
  return { replicaBinlogState: replica.binlogState, replicaSlavePos: replica.replicaPos, primaryBinlogState: primary.binlogState };
}

/**
 * The replica's last local GTID per domain that the primary's binlog never held: a binlog state keeps the last
 * GTID of every server_id, so a replicated local write shows there with a seq_no at least as high, whatever the
 * primary wrote since. A local write the replica has applied past from its source (slave_pos at or beyond it)
 * is not taken as errant: in strict mode that only happens when the source had it (a primary seeded after it).
 */
function overtakenLocalWrites(ownServerId: number, primaryPosition: readonly MariadbGtid[], states: MariadbErrantStates): MariadbGtid[] {
  const primaryState = parseMariadbGtidList(states.primaryBinlogState);
  if (primaryState.length === 0) return [];
  const applied = new Map(parseMariadbPosition(states.replicaSlavePos).map((g) => [g.domainId, g.seqNo]));
  const lastLocal = new Map<number, MariadbGtid>();
  for (const g of parseMariadbGtidList(states.replicaBinlogState)) {
    if (g.serverId !== ownServerId) continue;
    const seen = lastLocal.get(g.domainId);
    if (!seen || g.seqNo > seen.seqNo) lastLocal.set(g.domainId, g);
  }
  return [...lastLocal.values()].filter((local) => {
    if ((applied.get(local.domainId) ?? -1n) >= local.seqNo) return false;
    if (primaryPosition.some((p) => p.domainId === local.domainId && p.serverId === local.serverId && p.seqNo === local.seqNo)) return false;
    return !primaryState.some((p) => p.domainId === local.domainId && p.serverId === ownServerId && p.seqNo >= local.seqNo);
  });
}

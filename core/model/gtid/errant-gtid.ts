import { InputError } from '../../errors.js';
import type { Flavor } from '../instance.js';
import {
  compareMariadbDomains,
  formatMariadbPosition,
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
 * Positions cannot show a local write that the primary has since overtaken with higher seq_nos; in strict mode such
 * a replica stops with SQL error 1950 on the next event, which analysis sees as a replication error.
 */
export function errantGtid(
  flavor: Flavor,
  replicaExecuted: string,
  primaryExecuted: string,
  replicaServerIdentity: string | number | null,
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
  const errant: MariadbGtid[] = [];
  for (const domain of compareMariadbDomains(parseMariadbPosition(replicaExecuted), parseMariadbPosition(primaryExecuted))) {
    const local = domain.a;
    if (!local || local.serverId !== ownServerId) continue;
    if (domain.relation === 'ahead' || domain.relation === 'conflict') errant.push(local);
  }
  return formatMariadbPosition(errant);
}

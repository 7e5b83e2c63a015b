import { InputError } from '../errors.js';
import { errantGtid, mariadbErrantStates } from '../model/gtid/errant-gtid.js';
import type { Flavor, InstanceFacts } from '../model/instance.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { CommandContext } from './command-context.js';
import { knownInstance } from './known-instance.js';
import { resolveCluster } from './resolve-cluster.js';
import { probeForCommand } from './probe-for-command.js';

/** Why MariaDB errant transactions cannot be fixed by injection, shown by `orc errant` and `--fix`. */
export const MARIADB_ERRANT_EXPLANATION =
  'MariaDB cannot be fixed by injecting empty transactions: it binlogs no empty transaction and its GTIDs are ' +
  'per-domain positions, not sets with holes to fill. Re-seed the replica from the primary, or, to keep its extra ' +
  'writes, apply the same changes on the primary first and then re-seed it.';

/** Errant transactions of a replica against its cluster's primary, and how to fix them. */
export interface ErrantReport {
  readonly replica: InstanceKey;
  readonly primary: InstanceKey;
  readonly flavor: Flavor;
  /** The errant GTIDs in the flavor's notation; '' when none. */
  readonly errant: string;
  /** MySQL: inject empty transactions for these GTIDs on the primary (orc errant --fix); MariaDB: the explanation. */
  readonly fix: { readonly kind: 'inject'; readonly on: InstanceKey } | { readonly kind: 'reseed'; readonly explanation: string } | null;
}

/**
 * `orc errant HOST:PORT`: transactions a replica executed that its cluster's primary lacks, from live probes (the
 * replica first, so anything it has from the primary is on the primary by the time the primary answers).
 */
export async function errantTransactions(ctx: Pick<CommandContext, 'store' | 'probe'>, target: string, signal?: AbortSignal): Promise<ErrantReport> {
  const record = await knownInstance(ctx.store, target);
  const cluster = await resolveCluster(ctx.store, record.clusterName);
  if (sameInstance(record.key, cluster.primary)) {
    throw new InputError(`${formatInstanceKey(record.key)} is the primary of ${cluster.alias ?? cluster.name}: errant transactions are a replica's`, {
      instance: formatInstanceKey(record.key),
    });
  }
  const replica = await probeForCommand(ctx.probe, record.key, signal);
  const primary = await probeForCommand(ctx.probe, cluster.primary, signal);
  return errantReport(replica, primary);
}

/** Computes the report from facts of the replica (read first) and the primary (pure). */
export function errantReport(replica: InstanceFacts, primary: InstanceFacts): ErrantReport {
  if (replica.flavor !== primary.flavor) {
    throw new InputError(`${formatInstanceKey(replica.key)} runs ${replica.flavor}, the primary ${primary.flavor}: GTIDs cannot be compared`, {});
  }
  const errant =
    replica.flavor === 'mysql'
      ? errantGtid('mysql', replica.gtid.executed, primary.gtid.executed, null)
      : errantGtid('mariadb', replica.gtid.binlogPos, primary.gtid.executed, replica.serverId, mariadbErrantStates(replica.gtid, primary.gtid));
  const fix: ErrantReport['fix'] =
    errant === '' ? null : replica.flavor === 'mysql' ? { kind: 'inject', on: primary.key } : { kind: 'reseed', explanation: MARIADB_ERRANT_EXPLANATION };
  return { replica: replica.key, primary: primary.key, flavor: replica.flavor, errant, fix };
}

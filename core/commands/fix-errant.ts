import { RefusedError } from '../errors.js';
import { formatInstanceKey } from '../model/instance-key.js';
import { resolveCluster } from './resolve-cluster.js';
import { errantReport, MARIADB_ERRANT_EXPLANATION, type ErrantReport } from './errant.js';
import { expandGtidSet } from './expand-gtid-set.js';
import { knownInstance } from './known-instance.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import { runTopologyChange } from './topology-change.js';
import { probeForCommand } from './probe-for-command.js';

/** What `orc errant --fix` did. */
export interface ErrantFixResult {
  readonly before: ErrantReport;
  readonly injected: number;
  /** The replica's errant GTIDs after the fix ('' when fixed). */
  readonly after: string;
}

/**
 * `orc errant HOST:PORT --fix` (MySQL only): commits one empty transaction per errant GTID on the primary, under
 * its lock, so the primary and every replica count them as executed. Refused on MariaDB with the explanation.
 */
export async function fixErrant(ctx: RecoveryCommandContext, target: string, signal?: AbortSignal): Promise<ErrantFixResult> {
  const record = await knownInstance(ctx.store, target);
  const cluster = await resolveCluster(ctx.store, record.clusterName);
  const name = formatInstanceKey(record.key);
  return runTopologyChange(
    ctx,
    { action: 'fix-errant', target: record.key, cluster: cluster.name, lockKeys: [cluster.primary, record.key], detail: `inject errant GTIDs of ${name} on ${formatInstanceKey(cluster.primary)}` },
    async () => {
      const before = errantReport(await probeForCommand(ctx.probe, record.key, signal), await probeForCommand(ctx.probe, cluster.primary, signal));
      if (before.errant === '') return { result: { before, injected: 0, after: '' }, detail: `${name} has no errant GTID: nothing injected` };
      if (before.flavor === 'mariadb') throw new RefusedError('orc_refused', `${name} has errant GTID ${before.errant}. ${MARIADB_ERRANT_EXPLANATION}`, { instance: name });
      const gtids = expandGtidSet(before.errant);
      await ctx.control.injectEmptyTransactions(cluster.primary, gtids, signal);
      const after = errantReport(await probeForCommand(ctx.probe, record.key, signal), await probeForCommand(ctx.probe, cluster.primary, signal)).errant;
      return { result: { before, injected: gtids.length, after }, detail: `injected ${gtids.length} empty transaction(s) for ${before.errant} on ${formatInstanceKey(cluster.primary)}` };
    },
  );
}

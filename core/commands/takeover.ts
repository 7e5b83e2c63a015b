import { RefusedError } from '../errors.js';
import { formatInstanceKey, parseInstanceKey, sameInstance } from '../model/instance-key.js';
import { sourceOf } from '../model/topology-tree.js';
import type { RecoveryRecord, RecoveryStepRecord } from '../ports/recovery-store.js';
import { gracefulTakeover } from '../recovery/graceful-takeover.js';
import { chooseTakeoverTarget } from '../recovery/takeover-plan.js';
import { probeCluster } from './live-cluster.js';
import { recrawl } from './recrawl.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import { resolveCluster } from './resolve-cluster.js';
import { runTopologyChange } from './topology-change.js';

/** What `orc takeover` did: the recovery record with every step, and how long nothing accepted writes. */
export interface TakeoverResult {
  readonly recovery: RecoveryRecord;
  readonly steps: readonly RecoveryStepRecord[];
  /** Ms from read_only on the old primary to the new primary writable; null when the window never opened. */
  readonly windowMs: number | null;
  readonly rolledBack: boolean;
}

/**
 * Graceful takeover (`orc takeover CLUSTER [--to HOST:PORT]`): under the locks of the cluster's members, checks
 * on fresh facts that the primary is live and writable and that the designated (or best) direct replica may take
 * over, then runs the takeover; a refusal changes nothing. A failed takeover is returned (rolled back), not thrown.
 */
export async function takeover(ctx: RecoveryCommandContext, clusterHint: string, options: { to?: string } = {}, signal: AbortSignal = new AbortController().signal): Promise<TakeoverResult> {
  const cluster = await resolveCluster(ctx.store, clusterHint);
  const designated = options.to !== undefined ? parseInstanceKey(options.to) : null;
  const members = await ctx.store.listInstances({ clusterName: cluster.name });
  const primaryName = formatInstanceKey(cluster.primary);
  return runTopologyChange(
    ctx,
    {
      action: 'graceful-takeover',
      target: cluster.primary,
      cluster: cluster.name,
      lockKeys: [...members.map((m) => m.key), ...(designated ? [designated] : [])],
      detail: `graceful takeover of ${cluster.alias ?? cluster.name}${designated ? ` to ${formatInstanceKey(designated)}` : ''}`,
    },
    async () => {
      const snapshot = await probeCluster(ctx, cluster, signal);
      const primary = snapshot.instances.find((r) => sameInstance(r.key, cluster.primary));
      if (!primary?.reachable || !primary.facts) {
        throw new RefusedError('orc_refused', `primary ${primaryName} is not reachable: a takeover needs a live primary (use orc recover or orc failover)`, { instance: primaryName });
      }
      const upstream = sourceOf(primary);
      if (upstream) throw new RefusedError('orc_refused', `${primaryName} replicates from ${formatInstanceKey(upstream)}: not a primary`, { instance: primaryName });
      if (primary.facts.readOnly) {
        throw new RefusedError('orc_refused', `primary ${primaryName} is read_only: there is no writer to take over from (orc set-writable or orc failover)`, { instance: primaryName });
      }
      const choice = chooseTakeoverTarget({ primary, instances: snapshot.instances, designated, policy: ctx.config.recovery, now: ctx.clock.now() });
      if (!choice.ok) throw new RefusedError(choice.code, choice.reason, { cluster: cluster.name });
      const siblings = snapshot.instances
        .filter((r) => r.reachable && !sameInstance(r.key, choice.designated) && sameSource(sourceOf(r), primary.key))
        .map((r) => r.key);
      const outcome = await gracefulTakeover(
        ctx,
        {
          snapshot,
          primary: primary.key,
          designated: choice.designated,
          designation: choice.reason,
          siblings,
          actor: ctx.actor,
          description: `graceful takeover of ${cluster.alias ?? cluster.name}: ${primaryName} -> ${formatInstanceKey(choice.designated)}`,
        },
        signal,
      );
      // A planned handover is no failure: it must not hold back automated recovery of the new primary (anti-flap).
      if (outcome.record.status === 'succeeded') {
        await ctx.store.acknowledgeRecoveries({ id: outcome.record.id }, ctx.actor, 'planned graceful takeover', ctx.clock.now());
      }
      await recrawl(ctx, [choice.designated, primary.key, ...siblings]);
      const stored = await ctx.store.getRecovery(outcome.record.id);
      return {
        result: { recovery: stored?.record ?? outcome.record, steps: stored?.steps ?? [], windowMs: outcome.windowMs, rolledBack: outcome.rolledBack },
        detail: null,
      };
    },
  );
}

function sameSource(source: { host: string; port: number } | null, primary: { host: string; port: number }): boolean {
  return source !== null && sameInstance(source, primary);
}

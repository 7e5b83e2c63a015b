import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { errorLine } from '../errors.js';
import type { ClusterRecord, InstanceRecord } from '../model/instance.js';
import type { CommandContext } from './command-context.js';
import { probeForCommand } from './probe-for-command.js';

/**
 * Probes every known member of a cluster at once, records the outcomes and returns the fresh picture as an
 * analysis snapshot: commands that change a topology decide on what the servers say now, not on the last poll.
 */
export async function probeCluster(ctx: Pick<CommandContext, 'store' | 'probe' | 'clock'>, cluster: ClusterRecord, signal?: AbortSignal): Promise<TopologySnapshot> {
  const members = await ctx.store.listInstances({ clusterName: cluster.name });
  const fresh = await Promise.all(members.map((m) => probeMember(ctx, m, signal)));
  return { clusterName: cluster.name, alias: cluster.alias, instances: fresh, observedAt: ctx.clock.now() };
}

/** Probes one known instance (a slow answer asked again) and records the outcome; returns its updated record. */
export async function probeMember(ctx: Pick<CommandContext, 'store' | 'probe' | 'clock'>, record: InstanceRecord, signal?: AbortSignal): Promise<InstanceRecord> {
  try {
    const facts = await probeForCommand(ctx.probe, record.key, signal);
    await ctx.store.recordObservation({ facts, clusterName: record.clusterName });
    const at = facts.observedAt;
    return { ...record, facts, reachable: true, lastCheckedAt: at, lastSeenAt: at, lastError: null };
  } catch (err) {
    signal?.throwIfAborted();
    const at = ctx.clock.now();
    const error = errorLine(err);
    await ctx.store.recordProbeFailure({ key: record.key, at, error }, record.clusterName);
    return { ...record, reachable: false, lastCheckedAt: at, lastError: error };
  }
}

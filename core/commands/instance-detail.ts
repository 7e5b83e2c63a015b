import { errorLine } from '../errors.js';
import type { InstanceRecord } from '../model/instance.js';
import { parseInstanceKey } from '../model/instance-key.js';
import type { CommandContext } from './command-context.js';
import { probeForCommand } from './probe-for-command.js';

/** One instance as `orc instance` shows it; `known` is false for a server orc has not discovered. */
export interface InstanceDetail {
  readonly record: InstanceRecord;
  readonly known: boolean;
}

/**
 * Returns what orc knows of one instance. With live=true, or when orc does not know it, it probes the server
 * first; a known instance's fresh facts are recorded, an unknown one is shown but not added (use discover).
 */
export async function instanceDetail(ctx: CommandContext, target: string, live: boolean, signal?: AbortSignal): Promise<InstanceDetail> {
  const key = parseInstanceKey(target);
  const stored = await ctx.store.getInstance(key);
  if (stored && !live) return { record: stored, known: true };
  if (!stored) {
    const facts = await probeForCommand(ctx.probe, key, signal);
    const at = facts.observedAt;
    return {
      known: false,
      record: { key, clusterName: '', facts, reachable: true, lastCheckedAt: at, lastSeenAt: at, lastError: null, firstSeenAt: at },
    };
  }
  try {
    const facts = await probeForCommand(ctx.probe, key, signal);
    await ctx.store.recordObservation({ facts, clusterName: stored.clusterName });
  } catch (err) {
    await ctx.store.recordProbeFailure({ key, at: ctx.clock.now(), error: errorLine(err) }, stored.clusterName);
  }
  return { record: (await ctx.store.getInstance(key)) ?? stored, known: true };
}

import { z } from 'zod';
import { formatInstanceKey, parseInstanceKey, type InstanceKey } from '../model/instance-key.js';

/** How eagerly a replica should be promoted: prefer < neutral < prefer_not; must_not is never promoted. */
export const promotionRuleSchema = z.enum(['prefer', 'neutral', 'prefer_not', 'must_not']);

/** A promotion rule. */
export type PromotionRule = z.output<typeof promotionRuleSchema>;

/**
 * Which clusters orc recovers automatically: 'all', 'none', or a list of cluster aliases or names. orc defaults to
 * 'all' (orchestrator defaults to none, the top "why didn't it fail over?" complaint): recovering is orc's job, and
 * holistic detection, the anti-flap block and the per-cluster "would recover now" line keep it safe and visible.
 * Watch-only users set 'none' (or recovery.enabled=false).
 */
export const recoveryFilterSchema = z.union([z.enum(['all', 'none']), z.array(z.string().min(1))]);

/** An opt-in filter (read-only: the config it comes from is frozen). */
export type RecoveryFilter = 'all' | 'none' | readonly string[];

/** A map keyed by "host:port", normalized to lower-case host so lookups ignore case. */
function byInstance<T extends z.ZodType>(value: T) {
  return z
    .record(z.string(), value)
    .superRefine((map, ctx) => {
      for (const key of Object.keys(map)) {
        try {
          parseInstanceKey(key);
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: [key], message: (err as Error).message });
        }
      }
    })
    .transform((map) => Object.fromEntries(Object.entries(map).map(([k, v]) => [instanceName(parseInstanceKey(k)), v])) as Record<string, z.output<T>>)
    .default({} as Record<string, z.output<T>>);
}

/** The `recovery` section of orc's config: detection thresholds, opt-ins, anti-flap, candidate constraints. */
export const recoveryPolicySchema = z.strictObject({
  /** Global switch (config); the runtime toggle lives in the store and is checked by recoveryGate too. */
  enabled: z.boolean().default(true),
  autoRecoverPrimary: recoveryFilterSchema.default('all'),
  autoRecoverIntermediatePrimary: recoveryFilterSchema.default('all'),
  /** Anti-flap: no automatic recovery of a cluster within this long after the previous one, unless acknowledged. */
  blockPeriodMs: z.number().int().min(0).default(3_600_000),
  /**
   * A replica whose IO thread says yes but whose heartbeats and events stopped for max(this, 2 x its own heartbeat
   * period) no longer sees its source (frozen primary). The floor of that threshold: it absorbs probe and scheduling
   * jitter on fast heartbeats (the lab's 0.5 s).
   */
  heartbeatStallMs: z.number().int().min(100).default(2_500),
  /**
   * The longest replica heartbeat period (Slave_heartbeat_period, HEARTBEAT_INTERVAL) whose stalled stream confirms
   * a hung primary, i.e. the slowest stall confirmation orc accepts is 2 x this. A replica with a longer period (a
   * replica orc never repointed keeps the server's default, slave_net_timeout / 2 = 30 s), heartbeats off or an
   * unknown period cannot confirm through its stream: an idle primary sends it nothing for that long. Such replicas
   * show as ReplicaSlowHeartbeat; `orc repoint HOST:PORT` applies orc's replication.heartbeatPeriodSeconds. They
   * still confirm at once through their IO thread (connecting, or stopped on a connect error).
   */
  maxHeartbeatPeriodMs: z.number().int().min(100).max(60_000).default(5_000),
  reasonableLagSeconds: z.number().min(0).default(10),
  /** Graceful takeover: the designated replica must lag less than this. */
  maxLagForTakeoverSeconds: z.number().min(0).default(20),
  /** Skip candidates whose last known lag is above this (a null lag, as after the source died, is not checked). */
  failOnLagAboveSeconds: z.number().min(0).optional(),
  /** Rank by what replicas will hold after applying their relay logs, and wait for the candidate to apply it. */
  delayPromotionUntilRelayApplied: z.boolean().default(true),
  relayApplyTimeoutMs: z.number().int().min(0).default(10_000),
  /**
   * A running recovery whose runner stopped renewing it for this long (orc killed, host lost) is taken over by the
   * leader and rolled forward or back from its persisted steps. Far above the 1 s renewal, so a live runner that
   * is merely slow is never taken over.
   */
  resumeAfterMs: z.number().int().min(3_000).max(600_000).default(10_000),
  preventCrossDataCenterPromotion: z.boolean().default(false),
  /** On by default: a short inter-region partition must not move the primary; only matters when regions are set. */
  preventCrossRegionPromotion: z.boolean().default(true),
  promotionRules: byInstance(promotionRuleSchema),
  dataCenters: byInstance(z.string().min(1)),
  regions: byInstance(z.string().min(1)),
});

/** The validated `recovery` section. */
export type RecoveryPolicy = Omit<z.output<typeof recoveryPolicySchema>, 'autoRecoverPrimary' | 'autoRecoverIntermediatePrimary'> & {
  readonly autoRecoverPrimary: RecoveryFilter;
  readonly autoRecoverIntermediatePrimary: RecoveryFilter;
};

/** Parses a raw `recovery` section (undefined -> all defaults); throws the zod error for the config loader to map. */
export function parseRecoveryPolicy(raw: unknown = {}): RecoveryPolicy {
  return recoveryPolicySchema.parse(raw);
}

/** The key's spelling in the policy maps. */
export function instanceName(key: InstanceKey): string {
  return formatInstanceKey({ host: key.host.toLowerCase(), port: key.port });
}

/** The promotion rule of an instance ('neutral' when none is configured). */
export function promotionRuleOf(policy: RecoveryPolicy, key: InstanceKey): PromotionRule {
  return policy.promotionRules[instanceName(key)] ?? 'neutral';
}

/** The data center of an instance, or null when not configured. */
export function dataCenterOf(policy: RecoveryPolicy, key: InstanceKey): string | null {
  return policy.dataCenters[instanceName(key)] ?? null;
}

/** The region of an instance, or null when not configured. */
export function regionOf(policy: RecoveryPolicy, key: InstanceKey): string | null {
  return policy.regions[instanceName(key)] ?? null;
}

/** True when the filter selects the cluster by its name or alias (case-insensitive). */
export function filterSelects(filter: RecoveryFilter, clusterName: string, alias: string | null): boolean {
  if (filter === 'all') return true;
  if (filter === 'none') return false;
  const wanted = new Set(filter.map((f) => f.toLowerCase()));
  return wanted.has(clusterName.toLowerCase()) || (alias !== null && wanted.has(alias.toLowerCase()));
}

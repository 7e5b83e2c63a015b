import type { ReplicationStatus } from '../model/instance.js';

/** The thresholds that decide whether a replica's frozen receive stream is evidence of a hung source. */
export interface HeartbeatPolicy {
  /** The shortest stall that counts, whatever the period (absorbs probe and scheduling jitter). */
  readonly heartbeatStallMs: number;
  /** The longest heartbeat period whose stall orc waits for; a longer one cannot confirm a hung source. */
  readonly maxHeartbeatPeriodMs: number;
}

/**
 * How long a replica's receive stream must stand still before it shows its source hung: max(heartbeatStallMs,
 * 2 x period). An idle, healthy source sends one heartbeat per period, and analysis measures a stall from the
 * first probe that saw the stream still, so a healthy channel never measures a whole period; two periods means at
 * least one heartbeat went missing. null when the stream can never confirm: heartbeats off (period 0), the period
 * unknown, or longer than maxHeartbeatPeriodMs (MariaDB's server default is slave_net_timeout / 2 = 30 s), where
 * waiting for two periods would leave a hung primary in place for a minute. Such a replica still confirms at once
 * through its IO thread (connecting, or stopped on a connect error).
 */
export function stallThresholdMs(periodMs: number | null | undefined, policy: HeartbeatPolicy): number | null {
  return slowHeartbeatPeriod(periodMs, policy) ? null : Math.max(policy.heartbeatStallMs, 2 * periodMs!);
}

/** True when a channel's heartbeat period is too long (or off, or unknown) for its stall to confirm a hung source. */
export function slowHeartbeatPeriod(periodMs: number | null | undefined, policy: HeartbeatPolicy): boolean {
  return periodMs === null || periodMs === undefined || periodMs <= 0 || periodMs > policy.maxHeartbeatPeriodMs;
}

/** True when orc watches the channel's receive stream (heartbeat counters are known) and its period cannot confirm. */
export function hasSlowHeartbeat(channel: ReplicationStatus, policy: HeartbeatPolicy): boolean {
  return channel.heartbeatsReceived !== null && slowHeartbeatPeriod(channel.heartbeatPeriodMs, policy);
}

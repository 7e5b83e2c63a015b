import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { primaryChannel, type InstanceRecord, type IoThreadState } from '../model/instance.js';
import type { ReplicaCounts } from './finding.js';
import { stallThresholdMs, type HeartbeatPolicy } from './heartbeat-confirmation.js';
import { streamMarker, unchangedForMs, type ProgressHistory } from './progress-history.js';

/** MySQL client errors an IO thread reports when it cannot connect or lost its source (2003 = cannot connect). */
export const CONNECT_ERRNOS: ReadonlySet<number> = new Set([1045, 1129, 1130, 2002, 2003, 2005, 2006, 2013, 2026]);

/** The thresholds replica observation needs. */
export interface ObservationPolicy extends HeartbeatPolicy {
  readonly reasonableLagSeconds: number;
}

/** How one replica sees its source, as analysis counts it. */
export interface ReplicaObservation {
  readonly key: InstanceKey;
  readonly record: InstanceRecord;
  /** Latest probe succeeded and facts are known. */
  readonly reachable: boolean;
  readonly ioState: IoThreadState | null;
  readonly lastIoErrno: number;
  /** The channel's heartbeat period (ms; 0 = off, null = unknown). */
  readonly heartbeatPeriodMs: number | null;
  /** How long its receive stream (heartbeats, events) has been frozen while the IO thread says yes; 0 when moving. */
  readonly stalledMs: number;
  /** Reachable, IO thread connected and the stream not stalled past its threshold: it still sees its source. */
  readonly seesSource: boolean;
  /**
   * IO thread connected and the stream frozen past heartbeatStallMs, but its heartbeat period is too long (or off,
   * or unknown) to tell a hung source from an idle one: neither sees its source nor confirms it dead.
   */
  readonly cannotConfirm: boolean;
  /**
   * Reachable, not receiving from its source, and not connected to it once since the replica itself started (no
   * source server id yet): a replica booting while its source is down, as when a whole cluster restarts. Its
   * connect error says nothing about a failure (the source may be booting too), so it confirms nothing.
   */
  readonly notConnectedSinceStart: boolean;
  /** Applies what its source sends (SQL thread running) and no proven stall: seeing it, or unable to tell. */
  readonly replicating: boolean;
  readonly failingToConnect: boolean;
  readonly lagging: boolean;
  readonly delayed: boolean;
}

/** Observes one replica: holistic confirmation of its source's health comes from here. */
export function observeReplica(record: InstanceRecord, policy: ObservationPolicy, history?: ProgressHistory): ReplicaObservation {
  const facts = record.facts;
  const channel = facts ? primaryChannel(facts) : null;
  const reachable = record.reachable && facts !== null && channel !== null;
  const ioState = channel?.ioState ?? null;
  const lastIoErrno = channel?.lastIoErrno ?? 0;
  const heartbeatPeriodMs = channel?.heartbeatPeriodMs ?? null;
  const streaming = reachable && ioState === 'yes';
  const stalledMs =
    streaming && facts ? unchangedForMs(history?.streams[formatInstanceKey(record.key)], streamMarker(facts), facts.observedAt) : 0;
  const threshold = stallThresholdMs(heartbeatPeriodMs, policy);
  const seesSource = streaming && stalledMs < (threshold ?? policy.heartbeatStallMs);
  const cannotConfirm = streaming && !seesSource && threshold === null;
  const notConnectedSinceStart = reachable && !streaming && channel!.sourceServerId === null;
  return {
    key: record.key,
    record,
    reachable,
    ioState,
    lastIoErrno,
    heartbeatPeriodMs,
    stalledMs,
    seesSource,
    cannotConfirm,
    notConnectedSinceStart,
    replicating: (seesSource || cannotConfirm) && channel!.sqlRunning,
    failingToConnect: reachable && (ioState === 'connecting' || (ioState === 'no' && CONNECT_ERRNOS.has(lastIoErrno))),
    lagging: reachable && channel!.lagSeconds !== null && channel!.lagSeconds > policy.reasonableLagSeconds,
    delayed: reachable && channel!.sqlDelaySeconds > 0,
  };
}

/** True when the observation is evidence that its source is dead: reachable, and neither seeing it nor unable to tell. */
export function confirmsDead(o: ReplicaObservation): boolean {
  return o.reachable && !o.seesSource && !unableToConfirm(o);
}

/** True when a reachable replica that does not see its source cannot tell whether it died (see its reasons). */
export function unableToConfirm(o: ReplicaObservation): boolean {
  return o.cannotConfirm || o.notConnectedSinceStart;
}

/** Aggregates observations into the counts a finding carries. */
export function countReplicas(observations: readonly ReplicaObservation[]): ReplicaCounts {
  return {
    total: observations.length,
    reachable: observations.filter((o) => o.reachable).length,
    replicating: observations.filter((o) => o.replicating).length,
    failingToConnect: observations.filter((o) => o.failingToConnect).length,
  };
}

/** One line of evidence per replica, e.g. "127.0.0.1:3307 IO connecting (error 2003)". */
export function describeObservation(o: ReplicaObservation): string {
  const name = formatInstanceKey(o.key);
  if (!o.reachable) return `${name} unreachable`;
  if (o.cannotConfirm) return `${name} IO yes, stream still for ${o.stalledMs}ms but its heartbeat period (${periodText(o.heartbeatPeriodMs)}) is too long to tell a hung source from an idle one`;
  if (o.ioState === 'yes' && o.stalledMs > 0 && !o.seesSource) return `${name} IO yes but stream stalled for ${o.stalledMs}ms`;
  const err = o.lastIoErrno !== 0 ? ` (error ${o.lastIoErrno})` : '';
  const since = o.notConnectedSinceStart ? ', not connected to its source since it started' : '';
  return `${name} IO ${o.ioState ?? 'none'}${err}${since}`;
}

function periodText(periodMs: number | null): string {
  if (periodMs === null) return 'unknown';
  return periodMs === 0 ? 'off' : `${periodMs}ms`;
}

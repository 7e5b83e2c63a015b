import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { primaryChannel, type InstanceRecord, type IoThreadState } from '../model/instance.js';
import type { ReplicaCounts } from './finding.js';
import { streamMarker, unchangedForMs, type ProgressHistory } from './progress-history.js';

/** MySQL client errors an IO thread reports when it cannot connect or lost its source (2003 = cannot connect). */
export const CONNECT_ERRNOS: ReadonlySet<number> = new Set([1045, 1129, 1130, 2002, 2003, 2005, 2006, 2013, 2026]);

/** The thresholds replica observation needs. */
export interface ObservationPolicy {
  readonly heartbeatStallMs: number;
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
  /** How long its receive stream (heartbeats, events) has been frozen while the IO thread says yes; 0 when moving. */
  readonly stalledMs: number;
  /** Reachable, IO thread connected and the stream not stalled: it still sees its source. */
  readonly seesSource: boolean;
  /** Sees its source and applies (SQL thread running). */
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
  const stalledMs =
    reachable && ioState === 'yes' && facts
      ? unchangedForMs(history?.streams[formatInstanceKey(record.key)], streamMarker(facts), facts.observedAt)
      : 0;
  const seesSource = reachable && ioState === 'yes' && stalledMs < policy.heartbeatStallMs;
  return {
    key: record.key,
    record,
    reachable,
    ioState,
    lastIoErrno,
    stalledMs,
    seesSource,
    replicating: seesSource && channel!.sqlRunning,
    failingToConnect: reachable && (ioState === 'connecting' || (ioState === 'no' && CONNECT_ERRNOS.has(lastIoErrno))),
    lagging: reachable && channel!.lagSeconds !== null && channel!.lagSeconds > policy.reasonableLagSeconds,
    delayed: reachable && channel!.sqlDelaySeconds > 0,
  };
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
  if (o.ioState === 'yes' && o.stalledMs > 0 && !o.seesSource) return `${name} IO yes but stream stalled for ${o.stalledMs}ms`;
  const err = o.lastIoErrno !== 0 ? ` (error ${o.lastIoErrno})` : '';
  return `${name} IO ${o.ioState ?? 'none'}${err}`;
}

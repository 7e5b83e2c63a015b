import { formatInstanceKey } from '../model/instance-key.js';
import { primaryChannel, type InstanceFacts } from '../model/instance.js';
import type { TopologySnapshot } from './topology-snapshot.js';

/** A progress marker of one instance: its value and since when (probe time) it has not changed. */
export interface ProgressMark {
  readonly value: string;
  /** facts.observedAt of the first probe that saw this value. */
  readonly since: number;
}

/**
 * What analysis remembers between passes, keyed by "host:port": the replica's receive stream (heartbeat counter,
 * retrieved GTID, read position) and the server's own binlog position. JSON-safe, so it can be persisted.
 */
export interface ProgressHistory {
  readonly streams: Readonly<Record<string, ProgressMark>>;
  readonly binlogs: Readonly<Record<string, ProgressMark>>;
}

/** History with nothing remembered yet. */
export const EMPTY_PROGRESS: ProgressHistory = Object.freeze({ streams: Object.freeze({}), binlogs: Object.freeze({}) });

/**
 * Receive-stream marker of a replica; null without a heartbeat counter, since an idle source sends no events and
 * only heartbeats prove that it is alive.
 */
export function streamMarker(facts: InstanceFacts): string | null {
  const channel = primaryChannel(facts);
  if (!channel || channel.heartbeatsReceived === null) return null;
  const source = formatInstanceKey(channel.source);
  return [source, channel.heartbeatsReceived, channel.retrievedGtid, channel.sourceLogFile, channel.readSourceLogPos].join('|');
}

/** Binlog marker of a server: where its binlog ends. */
export function binlogMarker(facts: InstanceFacts): string | null {
  if (!facts.logBin) return null;
  return [facts.binlogFile ?? '', facts.binlogPosition ?? '', facts.gtid.binlogPos].join('|');
}

/**
 * Folds a new snapshot into the history (pure): a changed marker restarts its clock, an unchanged one keeps it.
 * Keep one history per cluster: instances absent from the snapshot are dropped, so it never grows.
 */
export function trackProgress(previous: ProgressHistory | null, snapshot: TopologySnapshot): ProgressHistory {
  const prior = previous ?? EMPTY_PROGRESS;
  const streams: Record<string, ProgressMark> = {};
  const binlogs: Record<string, ProgressMark> = {};
  for (const record of snapshot.instances) {
    if (!record.facts) continue;
    const name = formatInstanceKey(record.key);
    fold(streams, prior.streams[name], name, streamMarker(record.facts), record.facts.observedAt);
    fold(binlogs, prior.binlogs[name], name, binlogMarker(record.facts), record.facts.observedAt);
  }
  return Object.freeze({ streams: Object.freeze(streams), binlogs: Object.freeze(binlogs) });
}

/**
 * How long (ms, in probe time) the marker has been unchanged up to this observation; 0 when the history does not
 * show the current value yet. Correct whether or not the history already holds `facts`' own probe.
 */
export function unchangedForMs(mark: ProgressMark | undefined, value: string | null, observedAt: number): number {
  if (!mark || value === null || mark.value !== value) return 0;
  return Math.max(0, observedAt - mark.since);
}

function fold(
  into: Record<string, ProgressMark>,
  mark: ProgressMark | undefined,
  name: string,
  value: string | null,
  observedAt: number,
): void {
  if (value === null) return;
  into[name] = mark && mark.value === value && mark.since <= observedAt ? mark : Object.freeze({ value, since: observedAt });
}

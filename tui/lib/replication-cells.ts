import type { ReplicationStatus } from '../../core/model/instance.js';
import type { Tone } from './styled-line.js';

/** A short table cell with the tone it is drawn in. */
export interface Cell {
  readonly text: string;
  readonly tone: Tone;
}

/** True when either replication thread is not running, so the lag figure means nothing. */
export function replicationBroken(channel: ReplicationStatus): boolean {
  return channel.ioState !== 'yes' || !channel.sqlRunning;
}

/** The IO/SQL thread state: "ok", or what is wrong ("io:connecting", "sql:stopped", "io:stopped,sql:stopped"). */
export function replicationStateCell(channel: ReplicationStatus | null): Cell {
  if (!channel) return { text: '—', tone: 'dim' };
  const parts: string[] = [];
  if (channel.ioState === 'connecting') parts.push('io:connecting');
  if (channel.ioState === 'no') parts.push('io:stopped');
  if (!channel.sqlRunning) parts.push('sql:stopped');
  if (parts.length === 0) return { text: 'ok', tone: 'ok' };
  const onlyConnecting = channel.ioState === 'connecting' && channel.sqlRunning;
  return { text: parts.join(','), tone: onlyConnecting ? 'warning' : 'danger' };
}

/** The lag cell: "lag 0s", or "lag —" when the server reports none or a thread is down; empty for a primary. */
export function lagCell(channel: ReplicationStatus | null, laggingTooMuch: boolean): Cell {
  if (!channel) return { text: '', tone: 'normal' };
  if (channel.lagSeconds === null || replicationBroken(channel)) return { text: 'lag —', tone: 'danger' };
  return { text: `lag ${channel.lagSeconds}s`, tone: laggingTooMuch ? 'warning' : 'normal' };
}

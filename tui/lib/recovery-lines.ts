import type { ClusterRecoveryStatus } from '../../core/commands/cluster-recovery-status.js';
import { formatAge } from '../../core/model/instance-problems.js';
import type { StyledLine } from './styled-line.js';

/**
 * The selected cluster's recovery rows (pure): whether orc would fail its primary over right now and why not,
 * then its latest recovery, so "why didn't it fail over?" is answered on screen.
 */
export function recoveryLines(status: ClusterRecoveryStatus | null, now: number): StyledLine[] {
  if (!status) return [];
  const lines: StyledLine[] = [
    status.readiness.allowed
      ? [{ text: 'auto-recovery: on', tone: 'ok', bold: true }, { text: ` — ${status.readiness.reason}`, tone: 'dim' }]
      : [{ text: 'auto-recovery: OFF', tone: 'warning', bold: true }, { text: ` — ${status.readiness.reason}`, tone: 'warning' }],
  ];
  const last = status.lastRecovery;
  if (last) {
    const age = formatAge(now - last.startedAt);
    const tone = last.status === 'failed' ? 'danger' : last.status === 'running' ? 'warning' : 'normal';
    const ack = last.acknowledgedAt !== null ? ' (acknowledged)' : '';
    lines.push([{ text: `last recovery ${last.id} ${last.status} ${age} ago${ack}: ${last.summary}`, tone }]);
  }
  return lines;
}

import type { ClusterRecoveryStatus } from '../../core/commands/cluster-recovery-status.js';
import type { Segment } from './styled-line.js';

/**
 * Whether automated recovery is on for a cluster, and if not the short why (pure): switched off (config or
 * `orc recoveries disable`), downtime, blocked by a recent recovery, or policy (opt-in, credentials, fence...).
 */
export function recoveryBrief(status: ClusterRecoveryStatus | null, now: number): Segment {
  if (!status) return { text: 'auto ?', tone: 'dim' };
  if (status.readiness.allowed) return { text: 'auto on', tone: 'ok' };
  return { text: `auto OFF: ${offCause(status, now)}`, tone: 'warning', bold: true };
}

function offCause(status: ClusterRecoveryStatus, now: number): string {
  if (!status.configEnabled) return 'disabled in config';
  if (!status.globalEnabled) return 'switched off';
  if (status.primaryDowntimedUntil !== null) return 'downtime';
  const last = status.lastRecovery;
  if (last && last.acknowledgedAt === null && (last.status === 'running' || last.startedAt + status.blockPeriodMs > now)) return 'blocked by recent recovery';
  return 'policy';
}

import type { ClusterRecoveryStatus } from '../../../core/commands/cluster-recovery-status.js';

/** "would recover now: yes/no: reason" for a cluster. */
export function readinessLine(status: ClusterRecoveryStatus): string {
  return `would recover now: ${status.readiness.allowed ? 'yes' : 'no'}: ${status.readiness.reason}`;
}

/** The readiness and policy lines of a cluster, or the one line saying why they could not be read. */
export function readinessLines(status: ClusterRecoveryStatus | null, error: string | null): string[] {
  if (status === null) return [`would recover now: cannot tell: ${error ?? 'unknown'}`];
  return [readinessLine(status), policyText(status)];
}

/** The recovery policy a cluster is under, in one phrase. */
export function policyText(status: ClusterRecoveryStatus): string {
  const filter = typeof status.autoRecoverPrimary === 'string' ? status.autoRecoverPrimary : `[${status.autoRecoverPrimary.join(', ')}]`;
  const switches = `${status.configEnabled ? '' : 'config disabled, '}${status.globalEnabled ? '' : 'globally disabled, '}`;
  return `policy: ${switches}autoRecoverPrimary ${filter}, anti-flap ${Math.round(status.blockPeriodMs / 60_000)}m`;
}

/** The readiness and the state behind it, JSON-safe. */
export function readinessJson(status: ClusterRecoveryStatus): Record<string, unknown> {
  const last = status.lastRecovery;
  return {
    wouldRecover: status.readiness.allowed,
    reason: status.readiness.reason,
    configEnabled: status.configEnabled,
    globalEnabled: status.globalEnabled,
    autoRecoverPrimary: status.autoRecoverPrimary,
    blockPeriodMs: status.blockPeriodMs,
    primaryDowntimedUntil: status.primaryDowntimedUntil,
    lastRecovery: last
      ? { id: last.id, kind: last.kind, status: last.status, startedAt: last.startedAt, acknowledged: last.acknowledgedAt !== null }
      : null,
  };
}

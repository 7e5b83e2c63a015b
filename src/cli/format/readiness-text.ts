import type { ClusterRecoveryStatus } from '../../../core/commands/cluster-recovery-status.js';

/** A cluster's readiness as `--json` and the API show it. */
export interface ReadinessJson {
  readonly wouldRecover: boolean;
  readonly reason: string;
  readonly configEnabled: boolean;
  readonly globalEnabled: boolean;
  readonly autoRecoverPrimary: string | readonly string[];
  readonly blockPeriodMs: number;
  readonly primaryDowntimedUntil: number | null;
  readonly lastRecovery: { id: string; kind: string; status: string; startedAt: number; acknowledged: boolean } | null;
}

/** "would recover now: yes/no: reason" for a cluster. */
export function readinessLine(status: ReadinessJson): string {
  return `would recover now: ${status.wouldRecover ? 'yes' : 'no'}: ${status.reason}`;
}

/** The readiness and policy lines of a cluster, or the one line saying why they could not be read. */
export function readinessLines(status: ReadinessJson | null, error: string | null): string[] {
  if (status === null) return [`would recover now: cannot tell: ${error ?? 'unknown'}`];
  return [readinessLine(status), policyText(status)];
}

/** The recovery policy a cluster is under, in one phrase. */
export function policyText(status: ReadinessJson): string {
  const filter = typeof status.autoRecoverPrimary === 'string' ? status.autoRecoverPrimary : `[${status.autoRecoverPrimary.join(', ')}]`;
  const switches = `${status.configEnabled ? '' : 'config disabled, '}${status.globalEnabled ? '' : 'globally disabled, '}`;
  return `policy: ${switches}autoRecoverPrimary ${filter}, anti-flap ${Math.round(status.blockPeriodMs / 60_000)}m`;
}

/** The readiness and the state behind it, JSON-safe. */
export function readinessJson(status: ClusterRecoveryStatus): ReadinessJson {
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

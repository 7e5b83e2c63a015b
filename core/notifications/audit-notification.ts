import type { AuditEntry } from '../model/instance.js';
import { formatInstanceKey } from '../model/instance-key.js';
import type { RecoveryKind, RecoveryRecord } from '../ports/recovery-store.js';
import type { Notification, NotificationSeverity } from './notification.js';

const RECOVERY_ACTIONS: ReadonlySet<string> = new Set<RecoveryKind>(['dead-primary', 'dead-intermediate', 'forced-failover', 'graceful-takeover']);

/** Rollout audit actions worth a notification, with their severity (step-done, resumed, dropped are routine). */
const ROLLOUT_ACTIONS: Readonly<Record<string, NotificationSeverity>> = {
  'rollout-step-started': 'info',
  'rollout-paused': 'warning',
  'rollout-failed': 'critical',
  'rollout-selection-failed': 'warning',
  'rollout-rolled-back': 'warning',
  'rollout-completed': 'info',
  // An operator's pause or abort (controlRollout audits the control, not an engine event).
  'rollout-pause': 'warning',
  'rollout-abort': 'warning',
};

/** The recovery id an ended recovery's audit entry names ("recovery ID: status: summary"), or null when it is not one. */
export function auditedRecoveryId(entry: AuditEntry): string | null {
  if (!RECOVERY_ACTIONS.has(entry.action)) return null;
  return /^recovery ([^:\s]+):/.exec(entry.detail)?.[1] ?? null;
}

/**
 * The notification an audit entry calls for, or null: an ended recovery or takeover (with its record, for the
 * successor, lost replicas and duration), a seed started or aborted, a rollout step, pause, failure, rollback or completion.
 */
export function auditNotification(entry: AuditEntry, recovery: RecoveryRecord | undefined): Notification | null {
  if (RECOVERY_ACTIONS.has(entry.action)) return recovery && auditedRecoveryId(entry) === recovery.id ? recoveryNotification(recovery, entry.at) : null;
  if (entry.outcome === 'refused') return null;
  if (entry.action === 'seed-start' || entry.action === 'seed-abort') {
    const started = entry.action === 'seed-start';
    return {
      kind: 'seed',
      severity: started ? 'info' : 'warning',
      title: started ? `Seed started: ${entry.detail}` : `Seed abort requested for ${entry.target}`,
      cluster: entry.cluster,
      fields: [
        { label: 'Target', value: entry.target },
        { label: 'By', value: entry.actor },
        ...(started ? [] : [{ label: 'Detail', value: entry.detail }]),
      ],
      at: entry.at,
    };
  }
  const severity = ROLLOUT_ACTIONS[entry.action];
  if (severity === undefined) return null;
  return {
    kind: 'rollout',
    severity,
    title: `Rollout ${entry.action.slice('rollout-'.length).replace('-', ' ')}: ${entry.detail}`,
    cluster: entry.cluster,
    fields: [
      { label: 'Rollout', value: entry.target },
      { label: 'By', value: entry.actor },
    ],
    at: entry.at,
  };
}

/** A recovery's end as a notification: failure type, failed server, successor, lost replicas, duration and where its steps are. */
export function recoveryNotification(r: RecoveryRecord, at: number): Notification {
  const takeover = r.kind === 'graceful-takeover';
  const name = r.clusterAlias ?? r.cluster;
  const what = takeover ? 'Graceful takeover' : r.kind === 'dead-intermediate' ? 'Intermediate primary recovery' : 'Failover';
  const outcome = r.status === 'succeeded' ? 'succeeded' : r.status;
  const successor = r.successor ? formatInstanceKey(r.successor) : null;
  const promoted = successor && r.status !== 'failed' ? `: ${successor} is the new ${r.kind === 'dead-intermediate' ? 'source' : 'primary'}` : '';
  const duration = r.endedAt !== null ? `${((r.endedAt - r.startedAt) / 1000).toFixed(1)} s` : 'running';
  return {
    kind: takeover ? 'takeover' : 'recovery',
    severity: r.status === 'succeeded' ? (takeover ? 'info' : 'warning') : 'critical',
    title: `${what} of ${name} ${outcome}${promoted}`,
    cluster: r.cluster,
    fields: [
      { label: 'Failure type', value: r.trigger },
      { label: 'Failed server', value: formatInstanceKey(r.failed) },
      { label: 'Successor', value: successor ?? 'none' },
      { label: 'Lost replicas', value: r.lost.length > 0 ? r.lost.map(formatInstanceKey).join(', ') : 'none' },
      { label: 'Duration', value: duration },
      { label: 'Recovery', value: `${r.id} (steps: orc recovery ${r.id})` },
      ...(r.dataLoss ? [{ label: 'Data loss', value: 'transactions were lost with detached replicas' }] : []),
      { label: 'Summary', value: r.summary || r.status },
    ],
    at,
  };
}

import { formatInstanceKey, type InstanceKey } from '../../../core/model/instance-key.js';
import { formatInstant } from '../../../core/model/instant.js';
import type { FencedInstance, RecoveryRecord, RecoveryStepRecord } from '../../../core/ports/recovery-store.js';

const name = (key: InstanceKey | null): string => (key ? formatInstanceKey(key) : '-');
const iso = (ms: number | null): string => (ms === null ? '-' : formatInstant(ms));

/** A recovery as JSON-safe data (host:port strings, epoch ms). */
export function recoveryJson(record: RecoveryRecord, steps?: readonly RecoveryStepRecord[], fence?: FencedInstance | null): Record<string, unknown> {
  return {
    id: record.id,
    cluster: record.cluster,
    clusterAlias: record.clusterAlias,
    kind: record.kind,
    trigger: record.trigger,
    status: record.status,
    failed: name(record.failed),
    successor: record.successor ? name(record.successor) : null,
    lost: record.lost.map(name),
    dataLoss: record.dataLoss,
    dataLossFrom: (record.progress?.dataLossFrom ?? []).map(name),
    dataLossGtids: record.progress?.dataLossGtids ?? {},
    ...(fence !== undefined ? { fence: fence && { instance: name(fence.instance), state: fence.state, detail: fence.detail, updatedAt: fence.updatedAt } } : {}),
    actor: record.actor,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    summary: record.summary,
    acknowledgedAt: record.acknowledgedAt,
    acknowledgedBy: record.acknowledgedBy,
    ackComment: record.ackComment,
    ...(steps ? { steps: steps.map(stepJson) } : {}),
  };
}

/** One step as JSON-safe data, with its duration. */
export function stepJson(step: RecoveryStepRecord): Record<string, unknown> {
  return {
    index: step.index,
    name: step.name,
    status: step.status,
    startedAt: step.startedAt,
    endedAt: step.endedAt,
    durationMs: step.endedAt === null ? null : step.endedAt - step.startedAt,
    message: step.message,
  };
}

/** Which lost replicas took transactions with them, and which GTIDs where recorded. */
function dataLossText(record: RecoveryRecord): string {
  const from = record.progress?.dataLossFrom ?? [];
  if (from.length === 0) return 'lost replicas hold transactions the new primary lacks';
  const gtids = record.progress?.dataLossGtids ?? {};
  return from.map((k) => `${name(k)}${gtids[name(k)] ? ` (${gtids[name(k)]})` : ''}`).join(', ') + ' hold transactions the new primary lacks';
}

/** One line per recovery for `orc recoveries`. */
export function recoveryLine(record: RecoveryRecord): string {
  const took = record.endedAt === null ? 'running' : `${record.endedAt - record.startedAt} ms`;
  const ack = record.acknowledgedAt !== null ? `  acked by ${record.acknowledgedBy}` : '';
  return `${record.id}  ${iso(record.startedAt)}  ${record.kind}  ${record.status}  ${record.clusterAlias ?? record.cluster}  ${name(record.failed)} -> ${name(record.successor)}  ${took}${ack}  ${record.summary}`;
}

/** A recovery with every step, for `orc recovery ID` and the end of `orc takeover` / `orc failover`. */
export function recoveryText(record: RecoveryRecord, steps: readonly RecoveryStepRecord[], fence?: FencedInstance | null): string[] {
  const took = record.endedAt === null ? 'running' : `took ${record.endedAt - record.startedAt} ms`;
  const lines = [
    `recovery ${record.id}  ${record.kind}  ${record.status}  cluster ${record.clusterAlias ? `${record.clusterAlias} (${record.cluster})` : record.cluster}`,
    `  trigger ${record.trigger}  by ${record.actor}  started ${iso(record.startedAt)}  ${took}`,
    `  failed ${name(record.failed)}  successor ${name(record.successor)}${record.lost.length > 0 ? `  lost ${record.lost.map(name).join(', ')}` : ''}`,
    `  summary: ${record.summary}`,
  ];
  if (record.dataLoss) lines.push(`  DATA LOSS: ${dataLossText(record)}`);
  if (fence) lines.push(`  fence on ${name(fence.instance)}: ${fence.state}${fence.detail ? `: ${fence.detail}` : ''}`);
  if (record.acknowledgedAt !== null) {
    lines.push(`  acknowledged ${iso(record.acknowledgedAt)} by ${record.acknowledgedBy}${record.ackComment ? `: ${record.ackComment}` : ''}`);
  }
  lines.push('  steps:');
  for (const s of steps) {
    const ms = s.endedAt === null ? '…' : `${s.endedAt - s.startedAt} ms`;
    lines.push(`  ${String(s.index).padStart(3)}  ${s.status.padEnd(7)} ${ms.padStart(8)}  ${s.name}${s.message ? `: ${s.message}` : ''}`);
  }
  return lines;
}

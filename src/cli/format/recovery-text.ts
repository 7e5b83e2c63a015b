import { formatInstanceKey, type InstanceKey } from '../../../core/model/instance-key.js';
import { formatInstant } from '../../../core/model/instant.js';
import type { FencedInstance, RecoveryRecord, RecoveryStepRecord } from '../../../core/ports/recovery-store.js';

const name = (key: InstanceKey | null): string => (key ? formatInstanceKey(key) : '-');
const iso = (ms: number | null): string => (ms === null ? '-' : formatInstant(ms));

/** A recovery as JSON-safe data (host:port strings, epoch ms). */
export function recoveryJson(record: RecoveryRecord, steps?: readonly RecoveryStepRecord[], fence?: FencedInstance | null) {
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
    ...(fence !== undefined ? { fence: fence && { instance: name(fence.instance), state: fence.state, detail: fence.detail, updatedAt: fence.updatedAt } } : {}) as {
      fence?: { instance: string; state: string; detail: string | null; updatedAt: number } | null;
    },
    actor: record.actor,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    summary: record.summary,
    acknowledgedAt: record.acknowledgedAt,
    acknowledgedBy: record.acknowledgedBy,
    ackComment: record.ackComment,
    ...(steps ? { steps: steps.map(stepJson) } : {}) as { steps?: StepJson[] },
  };
}

/** One recovery step as JSON. */
export type StepJson = ReturnType<typeof stepJson>;

/** One step as JSON-safe data, with its duration. */
export function stepJson(step: RecoveryStepRecord) {
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

/** A recovery as `--json` and the API show it (steps and fence only where asked for). */
export type RecoveryJson = ReturnType<typeof recoveryJson>;

/** Which lost replicas took transactions with them, and which GTIDs where recorded. */
function dataLossText(r: RecoveryJson): string {
  if (r.dataLossFrom.length === 0) return 'lost replicas hold transactions the new primary lacks';
  return r.dataLossFrom.map((k) => `${k}${r.dataLossGtids[k] ? ` (${r.dataLossGtids[k]})` : ''}`).join(', ') + ' hold transactions the new primary lacks';
}

/** One line per recovery for `orc recoveries`. */
export function recoveryLine(record: RecoveryRecord): string {
  return recoveryJsonLine(recoveryJson(record));
}

/** One line of `orc recoveries` from a recovery's JSON form. */
export function recoveryJsonLine(r: RecoveryJson): string {
  const took = r.endedAt === null ? 'running' : `${r.endedAt - r.startedAt} ms`;
  const ack = r.acknowledgedAt !== null ? `  acked by ${r.acknowledgedBy}` : '';
  return `${r.id}  ${iso(r.startedAt)}  ${r.kind}  ${r.status}  ${r.clusterAlias ?? r.cluster}  ${r.failed} -> ${r.successor ?? '-'}  ${took}${ack}  ${r.summary}`;
}

/** A recovery with every step, for `orc recovery ID` and the end of `orc takeover` / `orc failover`. */
export function recoveryText(record: RecoveryRecord, steps: readonly RecoveryStepRecord[], fence?: FencedInstance | null): string[] {
  return recoveryJsonText(recoveryJson(record, steps, fence));
}

/** The text of a recovery with its steps from its JSON form (what the API answers). */
export function recoveryJsonText(r: RecoveryJson): string[] {
  const took = r.endedAt === null ? 'running' : `took ${r.endedAt - r.startedAt} ms`;
  const lines = [
    `recovery ${r.id}  ${r.kind}  ${r.status}  cluster ${r.clusterAlias ? `${r.clusterAlias} (${r.cluster})` : r.cluster}`,
    `  trigger ${r.trigger}  by ${r.actor}  started ${iso(r.startedAt)}  ${took}`,
    `  failed ${r.failed}  successor ${r.successor ?? '-'}${r.lost.length > 0 ? `  lost ${r.lost.join(', ')}` : ''}`,
    `  summary: ${r.summary}`,
  ];
  if (r.dataLoss) lines.push(`  DATA LOSS: ${dataLossText(r)}`);
  const fence = r.fence;
  if (fence) lines.push(`  fence on ${fence.instance}: ${fence.state}${fence.detail ? `: ${fence.detail}` : ''}`);
  if (r.acknowledgedAt !== null) {
    lines.push(`  acknowledged ${iso(r.acknowledgedAt)} by ${r.acknowledgedBy}${r.ackComment ? `: ${r.ackComment}` : ''}`);
  }
  lines.push('  steps:');
  for (const s of r.steps ?? []) {
    const ms = s.endedAt === null ? '…' : `${s.endedAt - s.startedAt} ms`;
    lines.push(`  ${String(s.index).padStart(3)}  ${s.status.padEnd(7)} ${ms.padStart(8)}  ${s.name}${s.message ? `: ${s.message}` : ''}`);
  }
  return lines;
}

import type { RecoveryDetail } from '../../core/commands/recovery-detail.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { formatAge } from '../../core/model/instance-problems.js';
import type { RecoveryRecord, RecoveryStatus, StepStatus } from '../../core/ports/recovery-store.js';
import { formatClock } from './format-clock.js';
import type { ScreenItem } from './screen-item.js';
import type { Tone } from './styled-line.js';

const STATUS_TONE: Readonly<Record<RecoveryStatus | StepStatus, Tone>> = {
  running: 'warning',
  succeeded: 'ok',
  ok: 'ok',
  partial: 'warning',
  failed: 'danger',
  abandoned: 'danger',
  skipped: 'dim',
};

/** Recent recoveries as rows (pure): when, status, cluster, trigger, failed -> successor, duration and acknowledgement. */
export function recoveryItems(recoveries: readonly RecoveryRecord[], now: number): ScreenItem[] {
  return recoveries.map((r) => ({
    key: r.id,
    line: [
      { text: `${formatClock(r.startedAt)}  ${r.id}  ` , tone: 'dim' },
      { text: r.status.padEnd(9), tone: STATUS_TONE[r.status], bold: r.status !== 'succeeded' },
      { text: `  ${r.clusterAlias ?? r.cluster}  ${r.trigger}  ${formatInstanceKey(r.failed)} -> ${r.successor ? formatInstanceKey(r.successor) : '—'}` },
      { text: `  ${duration(r.startedAt, r.endedAt, now)}`, tone: 'dim' },
      r.acknowledgedAt !== null ? { text: `  acked by ${r.acknowledgedBy ?? '?'}`, tone: 'dim' } : { text: '  UNACKED', tone: 'warning', bold: true },
      ...(r.dataLoss ? [{ text: '  DATA LOSS', tone: 'danger' as const, bold: true }] : []),
    ],
    ref: { kind: 'recovery', record: r },
  }));
}

/** One recovery drilled into (pure): its summary, then one row per step with status, timing and message. */
export function recoveryDetailItems(detail: RecoveryDetail, now: number): ScreenItem[] {
  const r = detail.record;
  const head: ScreenItem[] = [
    {
      key: 'summary',
      line: [
        { text: `${r.id} ${r.kind} `, bold: true },
        { text: r.status, tone: STATUS_TONE[r.status], bold: true },
        { text: `  by ${r.actor}, started ${formatClock(r.startedAt)}, took ${duration(r.startedAt, r.endedAt, now)}: ${r.summary}` },
      ],
      ref: { kind: 'recovery', record: r },
    },
    {
      key: 'ack',
      line:
        r.acknowledgedAt !== null
          ? [{ text: `acknowledged ${formatClock(r.acknowledgedAt)} by ${r.acknowledgedBy ?? '?'}${r.ackComment ? `: ${r.ackComment}` : ''}`, tone: 'dim' }]
          : [{ text: 'not acknowledged — A acknowledges the cluster’s recoveries', tone: 'warning' }],
      ref: { kind: 'recovery', record: r },
    },
  ];
  const steps: ScreenItem[] = detail.steps.map((s) => ({
    key: `step ${s.index}`,
    line: [
      { text: `${String(s.index).padStart(3)}. ${s.name.padEnd(28)} `, tone: 'normal' },
      { text: s.status.padEnd(8), tone: STATUS_TONE[s.status], bold: s.status === 'failed' },
      { text: ` ${duration(s.startedAt, s.endedAt, now).padStart(7)}`, tone: 'dim' },
      { text: s.message ? `  ${s.message}` : '', tone: s.status === 'failed' ? 'danger' : 'dim' },
    ],
    ref: { kind: 'text' },
  }));
  return [...head, ...steps];
}

function duration(startedAt: number, endedAt: number | null, now: number): string {
  return endedAt === null ? `running ${formatAge(now - startedAt)}` : formatAge(endedAt - startedAt);
}

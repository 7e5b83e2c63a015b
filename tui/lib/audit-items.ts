import type { AuditEntry } from '../../core/model/instance.js';
import { formatClock } from './format-clock.js';
import type { ScreenItem } from './screen-item.js';

/** The latest audit entries as rows, newest first (pure): time, outcome, actor, action, target and detail. */
export function auditItems(entries: readonly AuditEntry[]): ScreenItem[] {
  return entries.map((e) => ({
    key: e.id,
    line: [
      { text: `${formatClock(e.at)}  `, tone: 'dim' },
      { text: e.outcome.padEnd(8), tone: e.outcome === 'ok' ? 'ok' : 'danger', bold: e.outcome !== 'ok' },
      { text: `  ${e.actor}  ` },
      { text: e.action, bold: true },
      { text: `  ${e.target}${e.cluster ? ` (${e.cluster})` : ''}` },
      { text: e.detail ? `  ${e.detail}` : '', tone: 'dim' },
    ],
    ref: { kind: 'text' },
  }));
}

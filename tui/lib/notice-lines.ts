import { formatAge } from '../../core/model/instance-problems.js';
import type { StyledLine } from './styled-line.js';

/** What the notice rows report. */
export interface NoticeInput {
  /** Number of known clusters; null before the first answer. */
  readonly clusterCount: number | null;
  readonly error: string | null;
  readonly staleness: string | null;
  /** How old the data on show is when the latest refresh failed as a whole; null while refreshes answer. */
  readonly shownDataAgeMs?: number | null;
}

/** The rows above the cluster list: the last error, the age of the data shown when refreshes fail, a staleness warning, or why the list is empty. */
export function noticeLines({ clusterCount, error, staleness, shownDataAgeMs = null }: NoticeInput): StyledLine[] {
  const lines: StyledLine[] = [];
  if (error) lines.push([{ text: `error: ${error}`, tone: 'danger', bold: true }]);
  if (shownDataAgeMs !== null) lines.push([{ text: `⚠ STALE: refreshes are failing; the data shown is ${formatAge(shownDataAgeMs)} old`, tone: 'warning', bold: true }]);
  if (staleness) lines.push([{ text: `⚠ ${staleness}`, tone: 'warning' }]);
  if (clusterCount === null && !error) lines.push([{ text: 'loading clusters…', tone: 'dim' }]);
  if (clusterCount === 0) {
    lines.push([{ text: 'no clusters known yet — run `orc discover HOST:PORT` and `orc serve`', tone: 'dim' }]);
  }
  return lines;
}

import type { StyledLine } from './styled-line.js';

/** What the notice rows report. */
export interface NoticeInput {
  /** Number of known clusters; null before the first answer. */
  readonly clusterCount: number | null;
  readonly error: string | null;
  readonly staleness: string | null;
}

/** The rows above the cluster list: the last error, a staleness warning, or why the list is empty. */
export function noticeLines({ clusterCount, error, staleness }: NoticeInput): StyledLine[] {
  const lines: StyledLine[] = [];
  if (error) lines.push([{ text: `error: ${error}`, tone: 'danger', bold: true }]);
  if (staleness) lines.push([{ text: `⚠ ${staleness}`, tone: 'warning' }]);
  if (clusterCount === null && !error) lines.push([{ text: 'loading clusters…', tone: 'dim' }]);
  if (clusterCount === 0) {
    lines.push([{ text: 'no clusters known yet — run `orc discover HOST:PORT` and `orc serve`', tone: 'dim' }]);
  }
  return lines;
}

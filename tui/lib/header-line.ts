import { formatClock } from './format-clock.js';
import type { StyledLine } from './styled-line.js';
import { textWidth } from './text-width.js';

/** The top row: the title on the left, the time of the last refresh on the right. */
export function headerLine(title: string, refreshedAt: number | null, width: number): StyledLine {
  const right = refreshedAt === null ? 'loading…' : `refreshed ${formatClock(refreshedAt)}`;
  const gap = Math.max(2, width - textWidth(title) - textWidth(right));
  return [
    { text: title, tone: 'accent', bold: true },
    { text: ' '.repeat(gap) },
    { text: right, tone: 'dim' },
  ];
}

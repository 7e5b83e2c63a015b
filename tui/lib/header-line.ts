import { formatClock } from './format-clock.js';
import type { Segment, StyledLine } from './styled-line.js';
import { textWidth } from './text-width.js';

/**
 * The top row: the title on the left, the time of the last refresh on the right, and before it the node segment
 * (orc services alive, leader) when there is one and the row has room for it.
 */
export function headerLine(title: string, refreshedAt: number | null, width: number, nodes: Segment | null = null): StyledLine {
  const refreshed = refreshedAt === null ? 'loading…' : `refreshed ${formatClock(refreshedAt)}`;
  const right: Segment[] = [{ text: refreshed, tone: 'dim' }];
  if (nodes && textWidth(title) + textWidth(nodes.text) + textWidth(refreshed) + 7 <= width) right.unshift(nodes, { text: ' · ', tone: 'dim' });
  const rightWidth = right.reduce((sum, s) => sum + textWidth(s.text), 0);
  const gap = Math.max(2, width - textWidth(title) - rightWidth);
  return [{ text: title, tone: 'accent', bold: true }, { text: ' '.repeat(gap) }, ...right];
}

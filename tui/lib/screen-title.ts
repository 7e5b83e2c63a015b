import { formatAge } from '../../core/model/instance-problems.js';
import { formatClock } from './format-clock.js';
import type { StyledLine } from './styled-line.js';
import { textWidth } from './text-width.js';

/** The rule above a screen's list (pure): its name, a count, the age of the data and the filter in effect. */
export function screenTitle(name: string, count: string, readAt: number | null, now: number, filter: string, width: number): StyledLine {
  const age = readAt === null ? 'loading…' : `as of ${formatClock(readAt)} (${formatAge(Math.max(0, now - readAt))} ago)`;
  const text = `── ${name} · ${count} · ${age}${filter ? ` · filter "${filter}"` : ''} `;
  return [{ text: text + '─'.repeat(Math.max(0, width - textWidth(text))), tone: 'accent' }];
}

import type { Segment, StyledLine } from './styled-line.js';
import { charWidth, textWidth } from './text-width.js';

const ELLIPSIS = '…';

/** The longest prefix of text that fits in width cells. */
function fitPrefix(text: string, width: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > width) break;
    out += ch;
    used += w;
  }
  return out;
}

/** Cuts text to at most width cells, ending in "…" when something was cut. */
export function truncateText(text: string, width: number): string {
  if (width <= 0) return '';
  if (textWidth(text) <= width) return text;
  return fitPrefix(text, width - 1) + ELLIPSIS;
}

/** Pads text with spaces on the right to width cells (never cuts). */
export function padText(text: string, width: number): string {
  const missing = width - textWidth(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/** Cuts a styled line to at most width cells, keeping styles, ending in "…" when something was cut. */
export function truncateLine(line: StyledLine, width: number): StyledLine {
  const total = line.reduce((sum, s) => sum + textWidth(s.text), 0);
  if (total <= width) return line;
  if (width <= 0) return [];
  const out: Segment[] = [];
  let left = width - 1;
  for (const segment of line) {
    const w = textWidth(segment.text);
    if (w <= left) {
      out.push(segment);
      left -= w;
      continue;
    }
    out.push({ ...segment, text: fitPrefix(segment.text, left) + ELLIPSIS });
    break;
  }
  return out;
}

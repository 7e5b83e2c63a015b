import cliTruncate from 'cli-truncate';
import type { Segment, StyledLine } from './styled-line.js';
import { textWidth } from './text-width.js';

const ELLIPSIS = '…';

/** The longest prefix of text that fits in width cells (never splits a grapheme). */
function fitPrefix(text: string, width: number): string {
  // cli-truncate keeps a wide character that starts inside the limit and ends past it: step back until it fits.
  for (let cells = width; cells > 0; cells--) {
    const cut = cliTruncate(text, cells, { truncationCharacter: '' });
    if (textWidth(cut) <= width) return cut;
  }
  return '';
}

/** Cuts text to at most width cells, ending in "…" when something was cut. */
export function truncateText(text: string, width: number): string {
  if (width <= 0) return '';
  return textWidth(text) <= width ? text : fitPrefix(text, width - 1) + ELLIPSIS;
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

import type { ScreenId } from './screens.js';
import { SCREENS } from './screens.js';
import type { Segment, StyledLine } from './styled-line.js';
import { textWidth } from './text-width.js';

/** The action keys that apply on each screen, as shown in the footer. */
export const SCREEN_ACTIONS: Readonly<Record<ScreenId, string>> = {
  clusters: 'T takeover · A ack',
  topology: 'T takeover · M relocate · D/U downtime · S seed',
  problems: '',
  recoveries: 'A ack',
  seeds: 'X abort · P pause',
  audit: '',
};

const KEYS = '? help · q quit';

/**
 * The bottom row (pure): every screen with its key, the one on show highlighted, then help and quit, then the
 * filter and the screen's action keys (none in read-only mode). When all does not fit, only the screen on show
 * keeps its name, then the extra keys go (help lists them), never help and quit.
 */
export function footerLine(screen: ScreenId, readOnly: boolean, width = Number.POSITIVE_INFINITY): StyledLine {
  const tabs = (named: (id: ScreenId) => boolean): Segment[] =>
    SCREENS.flatMap((s): Segment[] => {
      const on = s.id === screen;
      return [{ text: ' ' }, { text: named(s.id) ? `${s.key} ${s.title}` : s.key, tone: on ? 'accent' : 'dim', bold: on, inverse: on }];
    });
  const keys: Segment = { text: readOnly ? `  read-only · ${KEYS}` : `  ${KEYS}`, tone: 'dim' };
  const actions = readOnly ? '' : SCREEN_ACTIONS[screen];
  const more: Segment = { text: ` · / filter${actions ? ` · ${actions}` : ''}`, tone: 'dim' };
  const full = tabs(() => true);
  const short = tabs((id) => id === screen);
  const cells = (line: readonly Segment[]) => line.reduce((sum, s) => sum + textWidth(s.text), 0);
  // Extra keys go only where they fit whole: a cut would end the row with "…" instead of "q quit".
  // Screen names give way to action keys, never to the filter key alone.
  const choices: Segment[][] = actions ? [[...full, keys, more], [...short, keys, more], [...full, keys]] : [[...full, keys, more], [...full, keys]];
  return choices.find((line) => cells(line) <= width) ?? [...short, keys];
}

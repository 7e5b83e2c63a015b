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
 * screen's filter and action keys (none in read-only mode), which a narrow terminal cuts first. When the screen
 * names do not fit, only the one on show keeps its name.
 */
export function footerLine(screen: ScreenId, readOnly: boolean, width = Number.POSITIVE_INFINITY): StyledLine {
  const tabs = (named: (id: ScreenId) => boolean): Segment[] =>
    SCREENS.map((s) => {
      const on = s.id === screen;
      return { text: named(s.id) ? ` ${s.key} ${s.title} ` : ` ${s.key} `, tone: on ? 'accent' : 'dim', bold: on, inverse: on };
    });
  const keys: Segment = { text: ` ${KEYS}`, tone: 'dim' };
  const full = tabs(() => true);
  const fits = full.reduce((sum, s) => sum + textWidth(s.text), 0) + textWidth(keys.text) <= width;
  const actions = readOnly ? 'read-only' : SCREEN_ACTIONS[screen];
  return [...(fits ? full : tabs((id) => id === screen)), keys, { text: ` · / filter${actions ? ` · ${actions}` : ''}`, tone: 'dim' }];
}

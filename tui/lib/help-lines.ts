import { ACTION_KEYS, DASHBOARD_KEYS, type KeyBinding } from './key-map.js';
import type { StyledLine } from './styled-line.js';

/** The help overlay (pure): every key with what it does, grouped; action keys only when actions are offered. */
export function helpLines(readOnly: boolean): StyledLine[] {
  const rows = (bindings: readonly KeyBinding[]): StyledLine[] => bindings.flatMap((b) => (b.help ? [[{ text: `  ${b.help}` }]] : []));
  return [
    [{ text: 'Keys', tone: 'accent', bold: true }],
    ...rows(DASHBOARD_KEYS),
    [{ text: '  while filtering: type to narrow the list · ⌫ erase · ⏎ keep · Esc clear', tone: 'dim' }],
    [{ text: 'Actions', tone: 'accent', bold: true }],
    ...(readOnly ? [[{ text: '  read-only mode: actions are hidden', tone: 'dim' as const }]] : rows(ACTION_KEYS)),
    ...(readOnly ? [] : [[{ text: '  in a picker: ↑/↓ choose · ⏎ next · Esc cancel; in a confirmation: y run · n/Esc cancel', tone: 'dim' as const }]]),
    [{ text: 'Press ? or Esc to close', tone: 'dim' }],
  ];
}

import type { Key } from 'ink';
import type { ActionKind } from './action-request.js';
import { SCREENS, type ScreenId } from './screens.js';

/** Something the user asked the dashboard to do. */
export type DashboardAction =
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'edge'; readonly to: 'first' | 'last' }
  | { readonly type: 'screen'; readonly id: ScreenId }
  | { readonly type: 'cycle'; readonly delta: 1 | -1 }
  | { readonly type: 'enter' }
  | { readonly type: 'back' }
  | { readonly type: 'filter' }
  | { readonly type: 'help' }
  | { readonly type: 'act'; readonly kind: ActionKind }
  | { readonly type: 'refresh' }
  | { readonly type: 'quit' };

/** The Ink key flags the key map reads; tests pass only the ones they set. */
export type KeyFlags = Partial<
  Pick<Key, 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'return' | 'escape' | 'tab' | 'shift' | 'backspace' | 'delete' | 'ctrl' | 'meta'>
>;

/** One row of the key map: the key names that trigger an action, and its help text (shown once per group). */
export interface KeyBinding {
  readonly keys: readonly string[];
  readonly action: DashboardAction;
  readonly help?: string;
}

/** Rows a page key moves. */
export const PAGE_ROWS = 10;

/** The keys every screen understands (navigation, screens, filter, help, quit). */
export const DASHBOARD_KEYS: readonly KeyBinding[] = Object.freeze([
  { keys: ['up', 'k'], action: { type: 'move', delta: -1 }, help: '↑/↓ or j/k move' },
  { keys: ['down', 'j'], action: { type: 'move', delta: 1 } },
  { keys: ['pageup', 'ctrl+u'], action: { type: 'move', delta: -PAGE_ROWS }, help: 'PgUp/PgDn or ^U/^D page' },
  { keys: ['pagedown', 'ctrl+d'], action: { type: 'move', delta: PAGE_ROWS } },
  { keys: ['g'], action: { type: 'edge', to: 'first' }, help: 'g/G first/last' },
  { keys: ['G'], action: { type: 'edge', to: 'last' } },
  ...SCREENS.map((s, i) => ({ keys: [s.key], action: { type: 'screen', id: s.id } as const, ...(i === 0 ? { help: '1-6 screens' } : {}) })),
  { keys: ['tab', 'right', 'l'], action: { type: 'cycle', delta: 1 }, help: 'Tab/→/l next screen' },
  { keys: ['shift+tab', 'left', 'h'], action: { type: 'cycle', delta: -1 }, help: 'Shift-Tab/←/h previous' },
  { keys: ['enter'], action: { type: 'enter' }, help: '⏎ drill in' },
  { keys: ['escape'], action: { type: 'back' }, help: 'Esc back' },
  { keys: ['/'], action: { type: 'filter' }, help: '/ filter' },
  { keys: ['?'], action: { type: 'help' }, help: '? help' },
  { keys: ['r'], action: { type: 'refresh' }, help: 'r refresh' },
  { keys: ['q', 'ctrl+c'], action: { type: 'quit' }, help: 'q quit' },
]);

/** The action keys (capitals, so a stray lowercase key never starts one); hidden in read-only mode. */
export const ACTION_KEYS: readonly KeyBinding[] = Object.freeze([
  { keys: ['T'], action: { type: 'act', kind: 'takeover' }, help: 'T graceful takeover' },
  { keys: ['M'], action: { type: 'act', kind: 'relocate' }, help: 'M relocate replica' },
  { keys: ['D'], action: { type: 'act', kind: 'begin-downtime' }, help: 'D begin downtime' },
  { keys: ['U'], action: { type: 'act', kind: 'end-downtime' }, help: 'U end downtime' },
  { keys: ['A'], action: { type: 'act', kind: 'ack' }, help: 'A acknowledge recoveries' },
  { keys: ['S'], action: { type: 'act', kind: 'start-seed' }, help: 'S start seed' },
  { keys: ['X'], action: { type: 'act', kind: 'abort' }, help: 'X abort seed/rollout' },
  { keys: ['P'], action: { type: 'act', kind: 'pause-rollout' }, help: 'P pause rollout' },
]);

/** Names a key press the way the key map spells it: "up", "enter", "ctrl+c", "shift+tab", or the typed character. */
export function keyName(input: string, key: KeyFlags): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.return) return 'enter';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.escape && input === '') return 'escape';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl) return `ctrl+${input.toLowerCase()}`;
  return input;
}

/** The action a key press triggers, or null when the key is not bound. */
export function actionForKey(input: string, key: KeyFlags, bindings: readonly KeyBinding[] = DASHBOARD_KEYS): DashboardAction | null {
  const name = keyName(input, key);
  return bindings.find((b) => b.keys.includes(name))?.action ?? null;
}

/** The help line for a key map: each binding's help, in order, joined with " · ". */
export function helpText(bindings: readonly KeyBinding[] = DASHBOARD_KEYS): string {
  return bindings.flatMap((b) => (b.help ? [b.help] : [])).join(' · ');
}

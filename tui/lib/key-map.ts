import type { Key } from 'ink';

/** Something the user asked the dashboard to do. */
export type DashboardAction = { readonly type: 'move'; readonly delta: -1 | 1 } | { readonly type: 'refresh' } | { readonly type: 'quit' };

/** The Ink key flags the key map reads; tests pass only the ones they set. */
export type KeyFlags = Partial<Pick<Key, 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'return' | 'escape' | 'tab' | 'ctrl' | 'meta'>>;

/** One row of the key map: the key names that trigger an action, and its help text (shown once per group). */
export interface KeyBinding {
  readonly keys: readonly string[];
  readonly action: DashboardAction;
  readonly help?: string;
}

/** The dashboard's keys; later screens add rows (and help) here. */
export const DASHBOARD_KEYS: readonly KeyBinding[] = Object.freeze([
  { keys: ['up', 'k'], action: { type: 'move', delta: -1 }, help: '↑/↓ or j/k cluster' },
  { keys: ['down', 'j'], action: { type: 'move', delta: 1 } },
  { keys: ['r'], action: { type: 'refresh' }, help: 'r refresh' },
  { keys: ['q', 'ctrl+c'], action: { type: 'quit' }, help: 'q quit' },
]);

/** Names a key press the way the key map spells it: "up", "enter", "ctrl+c", or the typed character. */
export function keyName(input: string, key: KeyFlags): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.return) return 'enter';
  if (key.tab) return 'tab';
  if (key.escape && input === '') return 'escape';
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

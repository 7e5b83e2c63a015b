import { actionForKey, keyName, type DashboardAction, type KeyBinding, type KeyFlags } from './key-map.js';
import type { UiEvent, UiState } from './ui-state.js';

/** What a key press means in the dashboard's current mode: a UI event, an app action, a modal answer, or nothing. */
export type KeyEvent =
  | { readonly type: 'ui'; readonly event: UiEvent }
  | { readonly type: 'app'; readonly action: DashboardAction }
  | { readonly type: 'pick' }
  | { readonly type: 'confirm' }
  | null;

/**
 * Reads a key press in the current mode (pure): an open modal takes y/n, Enter, Esc and moves; the help overlay
 * closes on ?, Esc or q; while filtering, keys type; otherwise the bindings apply.
 */
export function keyEvent(ui: UiState, input: string, key: KeyFlags, bindings: readonly KeyBinding[]): KeyEvent {
  const name = keyName(input, key);
  // Ctrl-C quits from anywhere, even while an action runs (quitting aborts it through its signal).
  if (name === 'ctrl+c') return { type: 'app', action: { type: 'quit' } };
  const modal = ui.modal;
  if (modal) {
    if (modal.kind === 'running') return null;
    if (modal.kind === 'result') return { type: 'ui', event: { type: 'modal', modal: null } };
    if (name === 'escape' || name === 'n' || name === 'q') return { type: 'ui', event: { type: 'modal', modal: null } };
    if (modal.kind === 'confirm') return name === 'y' ? { type: 'confirm' } : null;
    if (name === 'enter') return { type: 'pick' };
    if (name === 'up' || name === 'k') return { type: 'ui', event: { type: 'pick-move', delta: -1 } };
    if (name === 'down' || name === 'j') return { type: 'ui', event: { type: 'pick-move', delta: 1 } };
    return null;
  }
  if (ui.help) return name === '?' || name === 'escape' || name === 'q' ? { type: 'ui', event: { type: 'help' } } : null;
  if (ui.filtering) {
    if (name === 'enter') return { type: 'ui', event: { type: 'filter-done' } };
    if (name === 'escape') return { type: 'ui', event: { type: 'filter-cancel' } };
    if (name === 'backspace') return { type: 'ui', event: { type: 'filter-erase' } };
    if (key.ctrl || key.meta || input === '' || /[\u0000-\u001F]/.test(input)) return null;
    return { type: 'ui', event: { type: 'filter-type', text: input } };
  }
  const action = actionForKey(input, key, bindings);
  if (!action) return null;
  switch (action.type) {
    case 'move':
    case 'edge':
    case 'screen':
    case 'cycle':
    case 'filter':
    case 'help':
    case 'back':
      return { type: 'ui', event: action };
    default:
      return { type: 'app', action };
  }
}

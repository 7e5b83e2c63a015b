import type { DashboardAction } from './key-map.js';
import { isRequest, type Modal } from './modal.js';
import { cycleScreen, type ScreenId } from './screens.js';

/** Where the user is: the screen, its cursor and filter, a drill-down, the help overlay and any action modal. */
export interface UiState {
  readonly screen: ScreenId;
  /** Screens left with Enter, for Esc to go back to. */
  readonly history: readonly ScreenId[];
  /** The highlighted row of the screen's (filtered) list; the clusters screen uses the selected cluster instead. */
  readonly cursor: number;
  readonly filter: string;
  /** The user is typing the filter. */
  readonly filtering: boolean;
  readonly help: boolean;
  /** The recovery whose steps the recoveries screen shows. */
  readonly recoveryId: string | null;
  readonly modal: Modal | null;
}

/** The dashboard as it opens: the clusters screen, nothing selected or filtered. */
export const INITIAL_UI: UiState = Object.freeze({
  screen: 'clusters',
  history: [],
  cursor: 0,
  filter: '',
  filtering: false,
  help: false,
  recoveryId: null,
  modal: null,
});

/** A change to the UI state that needs no I/O (the app runs the ones that do: quit, refresh, actions). */
export type UiEvent =
  | Extract<DashboardAction, { type: 'move' | 'edge' | 'screen' | 'cycle' | 'filter' | 'help' | 'back' }>
  | { readonly type: 'go'; readonly screen: ScreenId }
  | { readonly type: 'drill-recovery'; readonly id: string }
  | { readonly type: 'filter-type'; readonly text: string }
  | { readonly type: 'filter-erase' }
  | { readonly type: 'filter-done' }
  | { readonly type: 'filter-cancel' }
  | { readonly type: 'modal'; readonly modal: Modal | null }
  | { readonly type: 'pick-move'; readonly delta: number };

/** Applies one event to the UI state (pure); count is the number of rows of the screen's list, for the cursor. */
export function reduceUi(ui: UiState, event: UiEvent, count: number): UiState {
  const clamp = (n: number) => Math.max(0, Math.min(n, count - 1));
  switch (event.type) {
    case 'move':
      return { ...ui, cursor: clamp(ui.cursor + event.delta) };
    case 'edge':
      return { ...ui, cursor: event.to === 'first' ? 0 : clamp(count - 1) };
    case 'screen':
      return event.id === ui.screen ? ui : switchTo(ui, event.id, []);
    case 'cycle':
      return switchTo(ui, cycleScreen(ui.screen, event.delta), []);
    case 'go':
      return switchTo(ui, event.screen, [...ui.history, ui.screen]);
    case 'drill-recovery':
      return { ...ui, recoveryId: event.id, history: [...ui.history, ui.screen], cursor: 0 };
    case 'back':
      return back(ui);
    case 'help':
      return { ...ui, help: !ui.help };
    case 'filter':
      return { ...ui, filtering: true };
    case 'filter-type':
      return { ...ui, filter: ui.filter + event.text, cursor: 0 };
    case 'filter-erase':
      return { ...ui, filter: ui.filter.slice(0, -1), cursor: 0 };
    case 'filter-done':
      return { ...ui, filtering: false };
    case 'filter-cancel':
      return { ...ui, filtering: false, filter: '', cursor: 0 };
    case 'modal':
      return { ...ui, modal: event.modal };
    case 'pick-move': {
      const modal = ui.modal;
      if (modal?.kind !== 'pick') return ui;
      const cursor = Math.max(0, Math.min(modal.cursor + event.delta, modal.options.length - 1));
      return { ...ui, modal: { ...modal, cursor } };
    }
  }
}

/** What Enter on a picker leads to: the confirmation of a complete request, or the next picker. */
export function pickNext(modal: Modal): Modal | null {
  if (modal.kind !== 'pick') return null;
  const option = modal.options[modal.cursor];
  if (!option) return null;
  return isRequest(option.next) ? { kind: 'confirm', request: option.next } : option.next;
}

function switchTo(ui: UiState, screen: ScreenId, history: readonly ScreenId[]): UiState {
  return { ...ui, screen, history, cursor: 0, filter: '', filtering: false, recoveryId: null };
}

// Esc peels one layer: the filter, then a drill-down, then the screen Enter came from.
function back(ui: UiState): UiState {
  if (ui.filter !== '') return { ...ui, filter: '', cursor: 0 };
  const previous = ui.history.at(-1);
  if (ui.recoveryId !== null) return { ...ui, recoveryId: null, history: ui.history.slice(0, -1), cursor: 0 };
  if (previous === undefined) return ui;
  return { ...switchTo(ui, previous, ui.history.slice(0, -1)) };
}

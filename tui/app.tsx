import { useApp, useInput, type Key } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorLine } from '../core/errors.js';
import type { Clock } from '../core/ports/clock.js';
import { ColorContext } from './components/color-context.js';
import { DashboardView } from './components/dashboard-view.js';
import { useDashboardData } from './hooks/use-dashboard-data.js';
import { useNow } from './hooks/use-now.js';
import { startAction } from './lib/action-menu.js';
import type { DashboardActions } from './lib/action-request.js';
import type { DashboardSource } from './lib/dashboard-source.js';
import type { TerminalSize } from './lib/frame-plan.js';
import { keyEvent } from './lib/key-event.js';
import { keyPresses } from './lib/key-presses.js';
import { ACTION_KEYS, DASHBOARD_KEYS, type DashboardAction } from './lib/key-map.js';
import { filterItems } from './lib/screen-item.js';
import { screenItems } from './lib/screen-items.js';
import { INITIAL_UI, pickNext, reduceUi, type UiEvent, type UiState } from './lib/ui-state.js';

/** Props of the dashboard: its data source, clock, refresh cadence and terminal size all come from the caller. */
export interface AppProps {
  /** Keep the same object across renders: a new source restarts polling. */
  readonly source: DashboardSource;
  /** Counts ages on screen and paces the refreshes. */
  readonly clock: Clock;
  readonly refreshMs: number;
  readonly size: TerminalSize;
  readonly title?: string;
  /** Age of the newest probe beyond which the service is presumed down; defaults to 3 × refreshMs. */
  readonly staleAfterMs?: number;
  /** The actions over the core commands; null or absent is the read-only mode (no action keys). */
  readonly actions?: DashboardActions | null;
  /** False under NO_COLOR. */
  readonly colors?: boolean;
  /** Where the dashboard opens (tests start on a given screen). */
  readonly initialUi?: UiState;
  /** Called when the user quits, before Ink unmounts. */
  readonly onQuit?: () => void;
}

/** The live dashboard: screens over the source's data, switched with single keys, refreshed every refreshMs. */
export function App({ source, clock, refreshMs, size, title = 'orc', staleAfterMs = 3 * refreshMs, actions = null, colors = true, initialUi = INITIAL_UI, onQuit }: AppProps) {
  const { exit } = useApp();
  const [ui, setUiState] = useState<UiState>(initialUi);
  // Keys can arrive faster than frames: each one must see the state the previous one left, not the last frame's.
  const uiNow = useRef(ui);
  const setUi = useCallback((change: (previous: UiState) => UiState) => {
    uiNow.current = change(uiNow.current);
    setUiState(uiNow.current);
  }, []);
  const { state, select, setQuery, refresh } = useDashboardData(source, clock, refreshMs, { screen: initialUi.screen, recoveryId: initialUi.recoveryId });
  const now = useNow(clock, 1000);
  const readOnly = actions === null;
  const bindings = useMemo(() => (readOnly ? DASHBOARD_KEYS : [...DASHBOARD_KEYS, ...ACTION_KEYS]), [readOnly]);
  const running = useRef(new AbortController());
  useEffect(() => () => running.current.abort(), []);

  useEffect(() => setQuery({ screen: ui.screen, recoveryId: ui.recoveryId }), [ui.screen, ui.recoveryId, setQuery]);

  const rows = useMemo(() => screenItems(ui.screen, state, ui.recoveryId, now, staleAfterMs, ui.filter), [ui.screen, ui.recoveryId, state, now, staleAfterMs, ui.filter]);
  const items = useMemo(() => (rows.items ? filterItems(rows.items, ui.filter) : null), [rows, ui.filter]);
  const cursorIndex = ui.screen === 'clusters' ? Math.max(0, items?.findIndex((i) => i.key === state.selectedName) ?? 0) : Math.min(ui.cursor, Math.max(0, (items?.length ?? 0) - 1));
  const current = items?.[cursorIndex] ?? null;

  const onUi = useCallback(
    (event: UiEvent) => {
      // On the clusters screen the cursor is the selected cluster, kept by the data hook so the tree follows it.
      if (ui.screen === 'clusters' && (event.type === 'move' || event.type === 'edge') && items && items.length > 0) {
        const at = event.type === 'move' ? Math.max(0, Math.min(cursorIndex + event.delta, items.length - 1)) : event.to === 'first' ? 0 : items.length - 1;
        select(items[at]!.key);
        return;
      }
      setUi((previous) => reduceUi(previous, event, items?.length ?? 0));
    },
    [ui.screen, items, cursorIndex, select],
  );

  const run = useCallback(
    async (request: Parameters<DashboardActions['run']>[0]) => {
      if (!actions) return;
      setUi((previous) => ({ ...previous, modal: { kind: 'running', request } }));
      try {
        const text = await actions.run(request, running.current.signal);
        setUi((previous) => ({ ...previous, modal: { kind: 'result', ok: true, text } }));
      } catch (err) {
        setUi((previous) => ({ ...previous, modal: { kind: 'result', ok: false, text: errorLine(err) } }));
      }
      refresh();
    },
    [actions, refresh],
  );

  const onAction = useCallback(
    (action: DashboardAction) => {
      switch (action.type) {
        case 'refresh':
          refresh();
          return;
        case 'quit':
          onQuit?.();
          exit();
          return;
        case 'enter':
          if (current?.ref.kind === 'cluster' || current?.ref.kind === 'finding') {
            select(current.ref.kind === 'cluster' ? current.ref.name : current.ref.cluster);
            setUi((previous) => reduceUi(previous, { type: 'go', screen: 'topology' }, 0));
          } else if (current?.ref.kind === 'recovery' && ui.recoveryId === null) {
            setUi((previous) => reduceUi(previous, { type: 'drill-recovery', id: current.ref.kind === 'recovery' ? current.ref.record.id : '' }, 0));
          }
          return;
        case 'act':
          if (readOnly) return;
          setUi((previous) => ({ ...previous, modal: startAction(action.kind, { cluster: state.selectedName, topology: state.topology, item: current?.ref ?? null }) }));
          return;
        default:
          return;
      }
    },
    [refresh, onQuit, exit, current, select, ui.recoveryId, readOnly, state.selectedName, state.topology],
  );

  // Ink re-subscribes a changed handler only after the frame is drawn: a key typed in between must still see this
  // frame's data, so the one stable handler reads the latest render's through a ref.
  const latest = useRef({ ui, bindings, onUi, onAction, run });
  latest.current = { ui, bindings, onUi, onAction, run };
  const onKey = useCallback((chunk: string, flags: Key) => {
    for (const { input, key } of keyPresses(chunk, flags)) {
      const { bindings: keys, onUi: toUi, onAction: toApp, run: runRequest } = latest.current;
      const now = uiNow.current;
      const event = keyEvent(now, input, key, keys);
      if (!event) continue;
      if (event.type === 'ui') toUi(event.event);
      else if (event.type === 'app') toApp(event.action);
      else if (event.type === 'pick' && now.modal) setUi((previous) => ({ ...previous, modal: pickNext(now.modal!) }));
      else if (event.type === 'confirm' && now.modal?.kind === 'confirm') void runRequest(now.modal.request);
    }
  }, []);
  useInput(onKey);

  return (
    <ColorContext.Provider value={colors}>
      <DashboardView
        state={state}
        ui={{ ...ui, cursor: cursorIndex }}
        items={items}
        noun={rows.noun}
        size={size}
        title={title}
        now={now}
        staleAfterMs={staleAfterMs}
        readOnly={readOnly}
        actor={actions?.actor ?? ''}
      />
    </ColorContext.Provider>
  );
}

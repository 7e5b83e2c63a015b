import { useInput, type Key } from 'ink';
import { useCallback } from 'react';
import { actionForKey, DASHBOARD_KEYS, type DashboardAction, type KeyBinding } from '../lib/key-map.js';

/** Turns key presses into dashboard actions through the key map; unbound keys are ignored. */
export function useKeyActions(onAction: (action: DashboardAction) => void, bindings: readonly KeyBinding[] = DASHBOARD_KEYS): void {
  const handler = useCallback(
    (input: string, key: Key) => {
      const action = actionForKey(input, key, bindings);
      if (action) onAction(action);
    },
    [onAction, bindings],
  );
  useInput(handler);
}

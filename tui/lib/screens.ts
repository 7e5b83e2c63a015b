import type { DashboardScreen } from '../../core/commands/dashboard-screen.js';

/** The dashboard's screens, switched with the digit keys shown in the footer. */
export type ScreenId = DashboardScreen;

/** One screen: its key and its name in the footer. */
export interface ScreenInfo {
  readonly id: ScreenId;
  readonly key: string;
  readonly title: string;
}

/** Every screen in footer order. */
export const SCREENS: readonly ScreenInfo[] = Object.freeze([
  { id: 'clusters', key: '1', title: 'clusters' },
  { id: 'topology', key: '2', title: 'topology' },
  { id: 'problems', key: '3', title: 'problems' },
  { id: 'recoveries', key: '4', title: 'recoveries' },
  { id: 'seeds', key: '5', title: 'seeds+rollouts' },
  { id: 'audit', key: '6', title: 'audit' },
]);

/** The screen after (delta 1) or before (delta -1) the given one, wrapping around. */
export function cycleScreen(current: ScreenId, delta: 1 | -1): ScreenId {
  const at = SCREENS.findIndex((s) => s.id === current);
  return SCREENS[(at + delta + SCREENS.length) % SCREENS.length]!.id;
}

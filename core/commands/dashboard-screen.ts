/** The dashboard's screens by id, in the order its footer shows them; a refresh reads what the one on show needs. */
export const DASHBOARD_SCREENS = Object.freeze(['clusters', 'topology', 'problems', 'recoveries', 'seeds', 'audit'] as const);

/** One of the dashboard's screens. */
export type DashboardScreen = (typeof DASHBOARD_SCREENS)[number];

/** True when the text names one of the dashboard's screens. */
export function isDashboardScreen(text: string): text is DashboardScreen {
  return (DASHBOARD_SCREENS as readonly string[]).includes(text);
}

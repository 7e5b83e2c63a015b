import { systemClock, type Clock } from '../../core/ports/clock.js';
import type { DashboardActions } from '../../tui/lib/action-request.js';
import type { DashboardSource } from '../../tui/lib/dashboard-source.js';
import type { ApiClient } from './api-client.js';
import { apiDashboardActions } from './api-dashboard-actions.js';
import { apiDashboardSource } from './api-dashboard-source.js';

/** The dashboard's inputs besides the terminal: where its data comes from, its clock, its actions and title. */
export interface DashboardWiring {
  readonly source: DashboardSource;
  readonly clock: Clock;
  readonly refreshMs: number;
  readonly actions: DashboardActions | null;
  readonly title: string;
}

/**
 * The dashboard over a service's API: reads time out after three refreshes (at least 5 s) so an unanswering API shows
 * as stale; a credential the service refuses every mutation (read role, read-only node) gets no action keys.
 */
export async function apiDashboardWiring(api: ApiClient, refreshMs: number, readOnly: boolean, title: string): Promise<DashboardWiring> {
  const timeoutMs = Math.max(5000, 3 * refreshMs);
  const source = apiDashboardSource(api, { timeoutMs });
  if (!readOnly) {
    // One read first: a credential the service would refuse every action opens the dashboard without action keys.
    // An API that does not answer yet leaves the keys; each action is then refused with its reason if need be.
    await source.load(null, 0, { screen: 'clusters', recoveryId: null }, AbortSignal.timeout(timeoutMs)).catch(() => null);
  }
  const refused = source.readOnlyReason;
  if (readOnly || refused !== null) return { source, clock: systemClock, refreshMs, actions: null, title: refused === null ? title : `orc (read-only: ${refused}) @ ${api.url}` };
  const actions = apiDashboardActions(api, () => source.actor ?? 'api:<the credential in $ORC_API_TOKEN or $ORC_API_USER>');
  return { source, clock: systemClock, refreshMs, actions, title };
}

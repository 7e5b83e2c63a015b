import type { DashboardQuery, DashboardSnapshot } from '../../core/commands/load-dashboard.js';

/** Where the dashboard's data comes from: the store the service writes, or a running service's HTTP API. */
export interface DashboardSource {
  /**
   * Reads one refresh: the cluster list, the wanted cluster (or the one now at previousIndex when it is gone) and
   * what the screen on show needs; a failure throws a coded error and the dashboard keeps its last frame.
   */
  load(wanted: string | null, previousIndex: number, query: DashboardQuery, signal: AbortSignal): Promise<DashboardSnapshot>;
}

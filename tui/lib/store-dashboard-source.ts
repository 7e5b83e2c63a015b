import type { DashboardContext } from '../../core/commands/dashboard-context.js';
import type { DashboardSource } from './dashboard-source.js';
import { loadDashboard } from '../../core/commands/load-dashboard.js';

/** The dashboard's data read from the store through the core commands (what `orc tui` does without `--api`). */
export function storeDashboardSource(ctx: DashboardContext): DashboardSource {
  return { load: (wanted, previousIndex, query) => loadDashboard(ctx, wanted, previousIndex, query) };
}

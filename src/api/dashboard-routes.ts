import type { FastifyInstance } from 'fastify';
import { loadDashboard, type DashboardSnapshot } from '../../core/commands/load-dashboard.js';
import type { ApiDeps } from './api-deps.js';
import { dashboardRequest } from './dashboard-query.js';
import { readRoutes } from './route-kit.js';

/** What GET /api/dashboard answers: the refresh, and the actor the audit log names for this caller's mutations. */
export interface DashboardReply {
  readonly actor: string;
  readonly snapshot: DashboardSnapshot;
}

/**
 * GET /api/dashboard[?cluster=&index=&screen=&recovery=] (read): one refresh of `orc tui --api`, read on this
 * service's store by the dashboard's own loader, with the audit actor the caller's mutations get. The snapshot is the
 * dashboard's internal shape (plain JSON data: numbers, strings, null, arrays and objects), not a stable interface.
 */
export function registerDashboardRoutes(app: FastifyInstance, deps: ApiDeps): void {
  readRoutes(app, deps, ['/api/dashboard'], async (req, ctx): Promise<DashboardReply> => {
    const { wanted, previousIndex, query } = dashboardRequest(req.query);
    return { actor: ctx.actor, snapshot: await loadDashboard(ctx, wanted, previousIndex, query) };
  });
}

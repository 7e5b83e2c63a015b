import type { FastifyInstance } from 'fastify';
import { loadDashboard, type DashboardSnapshot } from '../../core/commands/load-dashboard.js';
import { ANONYMOUS, authorize, type Principal } from './api-auth.js';
import type { ApiDeps } from './api-deps.js';
import { dashboardRequest } from './dashboard-query.js';
import { readRoutes } from './route-kit.js';

/** What GET /api/dashboard answers: the refresh, the actor the audit log names for this caller's mutations, and whether it may make any. */
export interface DashboardReply {
  readonly actor: string;
  /** Why every action of this caller would be refused (a read-role credential, a read-only node); null when it may act. */
  readonly readOnlyReason: string | null;
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
    return { actor: ctx.actor, readOnlyReason: refusalOfMutations(req.principal ?? ANONYMOUS, ctx.config.api.readOnly), snapshot: await loadDashboard(ctx, wanted, previousIndex, query) };
  });
}

/** The reason the API would refuse this caller's mutations (the same check the POST routes run), or null. */
function refusalOfMutations(principal: Principal, nodeReadOnly: boolean): string | null {
  try {
    authorize(principal, 'admin', nodeReadOnly);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

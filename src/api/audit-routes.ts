import type { FastifyInstance } from 'fastify';
import { blockedRecoveries } from '../../core/commands/blocked-recoveries.js';
import { listAudit } from '../../core/commands/list-audit.js';
import { listRecoveries } from '../../core/commands/list-recoveries.js';
import { recoveryDetail } from '../../core/commands/recovery-detail.js';
import { clusterOverviewJson } from '../cli/format/clusters-json.js';
import { recoveryJson } from '../cli/format/recovery-text.js';
import type { ApiDeps } from './api-deps.js';
import { limitQuery, textParam } from './request-input.js';
import { readRoutes } from './route-kit.js';

/** GET audit, audit-recovery[/:clusterHint], audit-recovery-steps/:uid and blocked-recoveries. */
export function registerAuditRoutes(app: FastifyInstance, deps: ApiDeps): void {
  readRoutes(app, deps, ['/api/audit', '/api/audit/:clusterHint'], async (req, ctx) => {
    const hint = (req.params as { clusterHint?: string }).clusterHint;
    return listAudit(ctx, { limit: limitQuery(req.query, 100), ...(hint !== undefined ? { clusterHint: textParam(req.params, 'clusterHint') } : {}) });
  });
  readRoutes(app, deps, ['/api/audit-recovery', '/api/audit-recovery/:clusterHint'], async (req, ctx) => {
    const hint = (req.params as { clusterHint?: string }).clusterHint;
    const records = await listRecoveries(ctx, hint === undefined ? undefined : textParam(req.params, 'clusterHint'), limitQuery(req.query, 20));
    return records.map((r) => recoveryJson(r));
  });
  readRoutes(app, deps, ['/api/audit-recovery-steps/:uid'], async (req, ctx) => {
    const { record, steps, fence } = await recoveryDetail(ctx, textParam(req.params, 'uid'));
    return recoveryJson(record, steps, fence);
  });
  readRoutes(app, deps, ['/api/blocked-recoveries'], async (_req, ctx) =>
    (await blockedRecoveries(ctx)).map((b) => ({ ...clusterOverviewJson(b), blockedUntil: b.blockedUntil })),
  );
}

import type { FastifyInstance } from 'fastify';
import { beginDowntime, MAX_DOWNTIME_MS } from '../../core/commands/begin-downtime.js';
import { endDowntime } from '../../core/commands/end-downtime.js';
import { parseDuration } from '../../core/commands/parse-duration.js';
import { parseInstant } from '../../core/commands/parse-instant.js';
import { unfence } from '../../core/commands/unfence.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import type { ApiDeps } from './api-deps.js';
import { beginDowntimeBody, unfenceBody } from './request-bodies.js';
import { instanceParam, parseBody } from './request-input.js';
import { mutationRoutes } from './route-kit.js';

/** POST begin-downtime, end-downtime and unfence of one instance. */
export function registerMaintenanceRoutes(app: FastifyInstance, deps: ApiDeps): void {
  mutationRoutes(app, deps, ['/api/begin-downtime/:host/:port'], async (req, ctx) => {
    const target = instanceParam(req.params);
    const body = parseBody(beginDowntimeBody, req.body);
    const window = body.duration !== undefined ? { forMs: parseDuration(body.duration, 'duration', MAX_DOWNTIME_MS) } : { until: parseInstant(body.until!, 'until') };
    const d = await beginDowntime(ctx, target, window, body.reason);
    return { instance: formatInstanceKey(d.instance), owner: d.owner, reason: d.reason, beganAt: d.beganAt, until: d.until };
  });
  mutationRoutes(app, deps, ['/api/end-downtime/:host/:port'], async (req, ctx) => {
    const target = instanceParam(req.params);
    return { instance: target, ended: await endDowntime(ctx, target) };
  });
  mutationRoutes(app, deps, ['/api/unfence/:host/:port'], async (req, ctx) => {
    const target = instanceParam(req.params);
    const { reason } = parseBody(unfenceBody, req.body);
    return unfence(ctx, target, reason);
  });
}

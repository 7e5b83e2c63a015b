import type { FastifyInstance } from 'fastify';
import { discover } from '../../core/commands/discover.js';
import { forget } from '../../core/commands/forget.js';
import { moveUp } from '../../core/commands/move-up.js';
import { relocate } from '../../core/commands/relocate.js';
import { repoint } from '../../core/commands/repoint.js';
import { setReadOnly } from '../../core/commands/set-read-only.js';
import { setWritable } from '../../core/commands/set-writable.js';
import { startReplica } from '../../core/commands/start-replica.js';
import { stopReplica } from '../../core/commands/stop-replica.js';
import { formatInstanceKey, parseInstanceKey } from '../../core/model/instance-key.js';
import { relocateJson } from '../cli/format/relocate-text.js';
import { topologyJson } from '../cli/format/topology-json.js';
import type { ApiDeps } from './api-deps.js';
import { repointBody, setWriteableBody } from './request-bodies.js';
import { instanceParam, parseBody } from './request-input.js';
import { mutationRoutes } from './route-kit.js';

/** POST discover, forget, relocate, move-up, repoint, start-replica, stop-replica, set-read-only, set-writeable. */
export function registerInstanceRoutes(app: FastifyInstance, deps: ApiDeps, signal: AbortSignal): void {
  mutationRoutes(app, deps, ['/api/discover/:host/:port'], async (req, ctx) => {
    const result = await discover(ctx, instanceParam(req.params), signal);
    return {
      reached: result.crawl.reached.map(formatInstanceKey),
      unreachable: result.crawl.failed.map((f) => ({ instance: formatInstanceKey(f.key), error: f.error })),
      topology: topologyJson(result.topology),
    };
  });
  mutationRoutes(app, deps, ['/api/forget/:host/:port'], async (req, ctx) => forget(ctx, instanceParam(req.params)));
  mutationRoutes(app, deps, ['/api/relocate/:host/:port/:belowHost/:belowPort'], async (req, ctx) => {
    const target = instanceParam(req.params);
    const below = instanceParam(req.params, 'belowHost', 'belowPort');
    return relocateJson(await relocate(ctx, target, below, signal));
  });
  mutationRoutes(app, deps, ['/api/move-up/:host/:port'], async (req, ctx) => relocateJson(await moveUp(ctx, instanceParam(req.params), signal)));
  mutationRoutes(app, deps, ['/api/repoint/:host/:port'], async (req, ctx) => {
    const target = instanceParam(req.params);
    const { to } = parseBody(repointBody, req.body);
    return relocateJson(await repoint(ctx, target, to === undefined ? undefined : formatInstanceKey(parseInstanceKey(to)), signal));
  });
  mutationRoutes(app, deps, ['/api/start-replica/:host/:port'], async (req, ctx) => startReplica(ctx, instanceParam(req.params), signal));
  mutationRoutes(app, deps, ['/api/stop-replica/:host/:port'], async (req, ctx) => stopReplica(ctx, instanceParam(req.params), signal));
  mutationRoutes(app, deps, ['/api/set-read-only/:host/:port'], async (req, ctx) => setReadOnly(ctx, instanceParam(req.params), true, signal));
  mutationRoutes(app, deps, ['/api/set-writeable/:host/:port'], async (req, ctx) => {
    const target = instanceParam(req.params);
    const { force } = parseBody(setWriteableBody, req.body);
    return setWritable(ctx, target, { force }, signal);
  });
}

import Fastify, { type FastifyInstance } from 'fastify';
import { AgentAuthenticator } from './agent-auth.js';
import { registerAgentRoutes } from './agent-routes.js';
import { ANONYMOUS, ApiAuthenticator, authorize, type Principal } from './api-auth.js';
import type { ApiDeps } from './api-deps.js';
import { ApiError, errorReply } from './api-error.js';
import { registerAuditRoutes } from './audit-routes.js';
import { registerClusterRoutes } from './cluster-routes.js';
import { registerDashboardRoutes } from './dashboard-routes.js';
import { registerInstanceRoutes } from './instance-routes.js';
import { registerMaintenanceRoutes } from './maintenance-routes.js';
import { registerOpsRoutes } from './ops-routes.js';
import { processMetrics } from './process-metrics.js';
import { registerRecoveryRoutes } from './recovery-routes.js';
import { registerRolloutRoutes } from './rollout-routes.js';
import { registerSeedRoutes } from './seed-routes.js';

/**
 * Builds the HTTP API over the command layer: authenticates and authorizes every request before its route runs,
 * maps every error to `{ error: { code, message } }` with the status of its code, and aborts operations still
 * running when it closes. Routes only parse, call a core command and format.
 */
export function createApiServer(deps: ApiDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, return503OnClosing: true, routerOptions: { ignoreTrailingSlash: true } });
  const auth = new ApiAuthenticator(deps.ctx.config.api);
  const agentAuth = new AgentAuthenticator(deps.ctx.config.agents);
  const closing = new AbortController();
  const log = deps.ctx.logger;

  // Fastify refuses an object default (it would be shared by every request); each request sets its own.
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access ?? 'read';
    if (access === 'public') {
      req.principal = ANONYMOUS;
      return;
    }
    // Agents register with their own token, on read-only nodes too: registering is no operator mutation.
    if (access === 'agent') {
      req.principal = agentAuth.authenticate(req.headers.authorization);
      return;
    }
    req.principal = auth.authenticate(req.headers.authorization);
    authorize(req.principal, access, deps.ctx.config.api.readOnly);
  });
  // The URL has no secret in it; headers (Authorization) are never logged.
  app.addHook('onResponse', async (req, reply) => {
    const entry = { method: req.method, url: req.url, status: reply.statusCode, actor: req.principal ? `api:${req.principal.name}` : 'unauthenticated', ms: Math.round(reply.elapsedTime) };
    if (req.method === 'POST' || reply.statusCode === 401 || reply.statusCode === 403) log.info(entry, 'api request');
    else log.debug(entry, 'api request');
  });
  app.addHook('preClose', async () => closing.abort(new Error('the API is shutting down')));

  app.setErrorHandler(async (err, _req, reply) => {
    const r = errorReply(err);
    if (r.status >= 500) log.warn({ code: r.body.error.code, message: r.body.error.message }, 'api request failed');
    return reply.code(r.status).headers(r.headers).send(r.body);
  });
  app.setNotFoundHandler(async (req) => {
    throw new ApiError('orc_not_found', `no such path: ${req.method} ${req.url.split('?')[0]}`);
  });

  registerOpsRoutes(app, deps, deps.metricsText ?? processMetrics());
  registerClusterRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerInstanceRoutes(app, deps, closing.signal);
  registerMaintenanceRoutes(app, deps);
  registerRecoveryRoutes(app, deps, closing.signal);
  registerSeedRoutes(app, deps, closing.signal);
  registerAgentRoutes(app, deps);
  registerRolloutRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  return app;
}

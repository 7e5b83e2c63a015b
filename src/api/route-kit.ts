import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RecoveryCommandContext } from '../../core/commands/recovery-command-context.js';
import type { FleetCommandContext } from '../../core/commands/start-fleet-rollout.js';
import type { SeedCommandContext } from '../../core/commands/seed-command-context.js';
import { ANONYMOUS, type Principal, type RouteAccess } from './api-auth.js';
import type { ApiDeps } from './api-deps.js';
import { ApiError } from './api-error.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; read when absent. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The authenticated caller (ANONYMOUS on public routes and when no credential is configured). */
    principal: Principal;
  }
}

/** The command context a route runs against: every port a command may need. */
export type RouteContext = RecoveryCommandContext & SeedCommandContext & FleetCommandContext;

/** A route body: gets the request and the command context with this caller as actor, returns the JSON to send. */
export type RouteHandler = (req: FastifyRequest, ctx: RouteContext) => Promise<unknown>;

/** The command context of one request: the service's ports, audited as `api:<credential name>`. */
export function requestContext(deps: ApiDeps, req: FastifyRequest): RouteContext {
  return { ...deps.ctx, actor: `api:${(req.principal ?? ANONYMOUS).name}` };
}

/** Registers GET routes that read (any credential). */
export function readRoutes(app: FastifyInstance, deps: ApiDeps, urls: readonly string[], handler: RouteHandler): void {
  for (const url of urls) app.get(url, { config: { access: 'read' } }, async (req) => handler(req, requestContext(deps, req)));
}

const NOT_POST = ['GET', 'PUT', 'DELETE', 'PATCH'] as const;

/**
 * Registers POST routes that change something (admin credential, node not read-only); any other method is 405 with
 * Allow: POST. bodyLimit raises the server's limit for routes that take large bodies.
 */
export function mutationRoutes(app: FastifyInstance, deps: ApiDeps, urls: readonly string[], handler: RouteHandler, options: { bodyLimit?: number } = {}): void {
  for (const url of urls) {
    app.post(url, { config: { access: 'admin' }, ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}) }, async (req) => handler(req, requestContext(deps, req)));
    app.route({
      method: [...NOT_POST],
      url,
      config: { access: 'read' },
      handler: async (req) => {
        throw new ApiError('orc_method_not_allowed', `${req.method} ${url}: this path changes things and takes POST only`, { allow: 'POST' });
      },
    });
  }
}

import type { FastifyInstance } from 'fastify';
import { listNodes } from '../../core/commands/list-nodes.js';
import { nodeJson } from '../cli/format/nodes-text.js';
import type { ApiDeps, MetricsSource } from './api-deps.js';
import { readiness } from './service-health.js';

/** The service as /api/status shows it: who holds the lease, whether this node leads and acts, since when, which version. */
function statusJson(deps: ApiDeps): Record<string, unknown> {
  const lease = deps.service.currentLease();
  return {
    holder: deps.service.holder,
    leader: deps.service.isLeader(),
    acting: deps.service.isActing(),
    notActing: deps.service.status?.().notActing ?? null,
    lease: lease && { holder: lease.holder, acquiredAt: lease.acquiredAt, expiresAt: lease.expiresAt, epoch: lease.epoch },
    started: deps.startedAt,
    version: deps.version,
  };
}

/**
 * /health/live, /health/ready, /api/leader-check and /metrics need no credential (load balancers and scrapers
 * call them; they reveal no topology); /api/status, /api/nodes and /api/health need a read credential.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: ApiDeps, metrics: MetricsSource): void {
  const open = { config: { access: 'public' as const } };
  app.get('/health/live', open, async () => ({ live: true }));
  app.get('/health/ready', open, async (_req, reply) => {
    const r = await readiness(deps);
    return reply.code(r.ready ? 200 : 503).send(r);
  });
  app.get('/api/leader-check', open, async (_req, reply) => {
    const leader = deps.service.isLeader();
    return reply.code(leader ? 200 : 404).send({ leader, holder: deps.service.holder });
  });
  app.get('/metrics', open, async (_req, reply) => {
    const { contentType, body } = await metrics();
    return reply.type(contentType).send(body);
  });
  app.get('/api/status', { config: { access: 'read' } }, async () => statusJson(deps));
  app.get('/api/nodes', { config: { access: 'read' } }, async () => (await listNodes(deps.ctx)).map(nodeJson));
  app.get('/api/health', { config: { access: 'read' } }, async (_req, reply) => {
    const r = await readiness(deps);
    return reply.code(r.ready ? 200 : 503).send({ healthy: r.ready, reason: r.reason, ...statusJson(deps) });
  });
}

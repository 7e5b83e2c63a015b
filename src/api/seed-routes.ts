import type { FastifyInstance } from 'fastify';
import { abortSeed } from '../../core/commands/abort-seed.js';
import { DEFAULT_SEED_LIMIT, listSeeds } from '../../core/commands/list-seeds.js';
import { seedDetail } from '../../core/commands/seed-detail.js';
import { startSeed } from '../../core/commands/start-seed.js';
import { seedDetailJson, seedJson } from '../cli/format/seed-json.js';
import type { ApiDeps } from './api-deps.js';
import { startSeedBody } from './request-bodies.js';
import { flagQuery, limitQuery, parseBody, textParam } from './request-input.js';
import { mutationRoutes, readRoutes, requestContext } from './route-kit.js';

/** GET /api/seeds[?active=1][&limit=N] and /api/seeds/:id (read); POST /api/seeds and /api/seeds/:id/abort (admin). */
export function registerSeedRoutes(app: FastifyInstance, deps: ApiDeps, signal: AbortSignal): void {
  readRoutes(app, deps, ['/api/seeds'], async (req, ctx) => {
    const seeds = await listSeeds(ctx, { active: flagQuery(req.query, 'active'), limit: limitQuery(req.query, DEFAULT_SEED_LIMIT) });
    return seeds.map(seedJson);
  });
  readRoutes(app, deps, ['/api/seeds/:id'], async (req, ctx) => seedDetailJson(await seedDetail(ctx, textParam(req.params, 'id'))));
  // Not through mutationRoutes: GET on the same path is the list.
  app.post('/api/seeds', { config: { access: 'admin' } }, async (req) => {
    const body = parseBody(startSeedBody, req.body);
    return seedJson(await startSeed(requestContext(deps, req), body, signal));
  });
  mutationRoutes(app, deps, ['/api/seeds/:id/abort'], async (req, ctx) => seedJson(await abortSeed(ctx, textParam(req.params, 'id'))));
}

import type { FastifyInstance } from 'fastify';
import { controlRollout } from '../../core/commands/control-rollout.js';
import { orchestrateRollout } from '../../core/commands/orchestrate-rollout.js';
import { rolloutViews } from '../../core/commands/rollout-views.js';
import { rolloutDetail } from '../../core/commands/rollout-detail.js';
import { startFleetRollout } from '../../core/commands/start-fleet-rollout.js';
import { InputError, NotFoundError } from '../../core/errors.js';
import { formatRolloutId } from '../../core/rollouts/rollout-id.js';
import { fleetRolloutJson } from '../cli/format/fleet-rollout-json.js';
import type { RolloutControl } from '../../core/rollouts/rollout-control.js';
import type { RolloutKey } from '../../core/rollouts/rollout-key.js';
import { rolloutJson, rolloutTargetJson, wantedTargetJson } from '../cli/format/rollout-json.js';
import type { ApiDeps } from './api-deps.js';
import { flagQuery, parseBody, textParam } from './request-input.js';
import { emptyBody, fleetRolloutBody, orchestrateBody, rolloutOptionsBody, rolloutPromoteBody, rolloutReasonBody, rolloutVersionBody } from './rollout-bodies.js';
import { mutationRoutes, readRoutes, requestContext, type RouteContext } from './route-kit.js';

const ROLLOUT = '/api/rollouts/:namespace/:entity';

/** The orchestrate body may list every target of a large fleet (about 100 bytes each). */
export const ORCHESTRATE_BODY_LIMIT = 32 * 1024 * 1024;

function keyParam(params: unknown): RolloutKey {
  return { namespace: textParam(params, 'namespace'), entity: textParam(params, 'entity') };
}

function optionalQuery(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InputError(`${name}: give it once`, { field: name });
  return value;
}

async function control(ctx: RouteContext, params: unknown, change: RolloutControl) {
  return rolloutJson((await controlRollout(ctx, keyParam(params), change)).rollout);
}

/**
 * The rollout engine for external controllers, like the reference's REST server: GET /api/rollouts[?namespace=],
 * /api/rollouts/:namespace, /api/rollouts/:namespace/:entity, its /targets[?group=], /plan and /fleet (orc's fleet rollouts) (read); POST /api/rollouts starts a fleet rollout; POST its
 * /orchestrate[?dryRun=true], /version, /options, /pause, /resume, /promote and /abort (admin, audited as api:<name>).
 */
export function registerRolloutRoutes(app: FastifyInstance, deps: ApiDeps): void {
  readRoutes(app, deps, ['/api/rollouts'], async (req, ctx) => (await rolloutViews(ctx).list(optionalQuery(req.query, 'namespace'))).map(rolloutJson));
  readRoutes(app, deps, ['/api/rollouts/:namespace'], async (req, ctx) => (await rolloutViews(ctx).list(textParam(req.params, 'namespace'))).map(rolloutJson));
  readRoutes(app, deps, [ROLLOUT], async (req, ctx) => rolloutJson(await rolloutViews(ctx).rollout(keyParam(req.params))));
  readRoutes(app, deps, [`${ROLLOUT}/targets`], async (req, ctx) =>
    (await rolloutViews(ctx).targets(keyParam(req.params), optionalQuery(req.query, 'group'))).map(rolloutTargetJson),
  );
  readRoutes(app, deps, [`${ROLLOUT}/plan`], async (req, ctx) => rolloutViews(ctx).plan(keyParam(req.params)));
  readRoutes(app, deps, [`${ROLLOUT}/fleet`], async (req, ctx) => {
    const detail = await rolloutDetail(ctx, formatRolloutId(keyParam(req.params)));
    if (!detail.fleet) throw new NotFoundError('orc_unknown_rollout', `rollout ${detail.id} is not one of orc's fleet rollouts`, { rollout: detail.id });
    return fleetRolloutJson(detail.fleet);
  });

  // GET /api/rollouts lists; POST starts one of orc's fleet rollouts (so not mutationRoutes, which would take the GET).
  app.post('/api/rollouts', { config: { access: 'admin' } }, async (req) => {
    const ctx = requestContext(deps, req);
    const body = stripUndefined(parseBody(fleetRolloutBody, req.body));
    const { changes, ...rest } = body;
    const started = await startFleetRollout(ctx, { ...rest, variables: changes ?? [] });
    return { id: started.fleet.id, rollout: rolloutJson(started.rollout), fleet: fleetRolloutJson(started.fleet) };
  });
  mutationRoutes(
    app,
    deps,
    [`${ROLLOUT}/orchestrate`],
    async (req, ctx) => {
      const key = keyParam(req.params);
      const reports = parseBody(orchestrateBody, req.body);
      const outcome = await orchestrateRollout(ctx, key, reports, { dryRun: flagQuery(req.query, 'dryRun') });
      return outcome.wanted.map(wantedTargetJson);
    },
    { bodyLimit: ORCHESTRATE_BODY_LIMIT },
  );
  mutationRoutes(app, deps, [`${ROLLOUT}/version`], async (req, ctx) => control(ctx, req.params, { kind: 'version', ...parseBody(rolloutVersionBody, req.body) }));
  mutationRoutes(app, deps, [`${ROLLOUT}/options`], async (req, ctx) => control(ctx, req.params, { kind: 'options', options: stripUndefined(parseBody(rolloutOptionsBody, req.body)) }));
  mutationRoutes(app, deps, [`${ROLLOUT}/pause`], async (req, ctx) => control(ctx, req.params, { kind: 'pause', ...stripUndefined(parseBody(rolloutReasonBody, req.body)) }));
  mutationRoutes(app, deps, [`${ROLLOUT}/resume`], async (req, ctx) => {
    parseBody(emptyBody, req.body);
    return control(ctx, req.params, { kind: 'resume' });
  });
  mutationRoutes(app, deps, [`${ROLLOUT}/promote`], async (req, ctx) => control(ctx, req.params, { kind: 'promote', ...stripUndefined(parseBody(rolloutPromoteBody, req.body)) }));
  mutationRoutes(app, deps, [`${ROLLOUT}/abort`], async (req, ctx) => control(ctx, req.params, { kind: 'abort', ...stripUndefined(parseBody(rolloutReasonBody, req.body)) }));
}

/** The object without its undefined fields (zod keeps absent optional keys absent; this makes it explicit for the core's key checks). */
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

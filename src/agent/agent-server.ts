import type { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import type { AgentInfo } from '../../core/ports/agent-client.js';
import { checkCommandName } from '../../core/rollouts/fleet/fleet-command.js';
import { MAX_FLEET_VARIABLES } from '../../core/rollouts/fleet/fleet-variable.js';
import type { Logger } from '../../core/ports/logger.js';
import { isSeedStage, type SeedStage } from '../../core/seeds/seed-stage.js';
import { errorReply } from '../api/api-error.js';
import { parseBody } from '../api/request-input.js';
import { AgentTokenCheck } from './agent-auth.js';
import type { PersistedVariablesFile } from './persisted-variables-file.js';
import type { RolloutCommands } from './rollout-commands.js';
import type { SeedAgent } from './seed-agent.js';
import { seedIdSchema, stageRequestSchema } from './stage-request-schema.js';

/** What the agent's HTTP API serves: its info and its seeds. */
export interface AgentServerDeps {
  readonly token: string;
  /** PEM cert and key: the API serves https. */
  readonly tls: { readonly cert: Buffer; readonly key: Buffer } | null;
  readonly info: () => Promise<AgentInfo>;
  readonly seeds: Pick<SeedAgent, 'startStage' | 'stageStatus' | 'abort' | 'metadata' | 'receiveStream' | 'openReceiver'>;
  /** orc's option file on this host (rollouts persist server variables in it). */
  readonly persisted: Pick<PersistedVariablesFile, 'read' | 'write'>;
  /** The operator commands its config declares (rollouts run them). */
  readonly commands: Pick<RolloutCommands, 'names' | 'start' | 'get'>;
  readonly logger: Logger;
}

/** POST /api/commands/:name/runs: which argv, the rollout it runs for, and orc's id of the run. */
const RUN_ID = /^[A-Za-z0-9]{8,64}$/;
const commandBody = z.strictObject({
  phase: z.enum(['run', 'rollback']),
  rollout: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'a rollout id'),
  runId: z.string().regex(RUN_ID, 'a run id of 8 to 64 letters and digits'),
});

/** PUT /api/persisted-variables: 1 to 32 variables, each a new value or null (its line removed); names and values checked again by the file. */
const persistBody = z.strictObject({
  variables: z
    .array(z.strictObject({ name: z.string().max(64), value: z.string().max(1024).nullable() }))
    .min(1)
    .max(MAX_FLEET_VARIABLES),
});

function seedParam(params: unknown): string {
  const result = seedIdSchema.safeParse((params as { id?: string }).id);
  if (!result.success) throw new InputError(`seed id: ${result.error.issues[0]?.message ?? 'malformed'}`, { field: 'id' });
  return result.data;
}

function stageParam(params: unknown): SeedStage {
  const stage = (params as { stage?: string }).stage;
  if (!isSeedStage(stage)) throw new InputError(`unknown stage "${String(stage)}"`, { field: 'stage' });
  return stage;
}

/**
 * The agent's HTTP API (fastify): every route needs `Authorization: Bearer <token>` (401 otherwise, the token never
 * logged); errors are `{ error: { code, message } }` with the status of their code (409 for a refusal). The stream
 * route takes its body raw (application/octet-stream, no size limit) and pipes it into the seed's receiver; the
 * receiver route opens a one-shot TCP receiver for the direct copy and answers its port and ticket. The
 * persisted-variables routes read and change orc's option file, the commands routes list the declared operator
 * commands (fleet rollouts), start one in the background and tell a run's state by its id.
 */
export function createAgentServer(deps: AgentServerDeps): FastifyInstance {
  const common = { logger: false, bodyLimit: 64 * 1024, return503OnClosing: true, routerOptions: { ignoreTrailingSlash: true } } satisfies FastifyServerOptions;
  const app = (deps.tls ? Fastify({ ...common, https: { cert: deps.tls.cert, key: deps.tls.key } }) : Fastify(common)) as unknown as FastifyInstance;
  const auth = new AgentTokenCheck(deps.token);
  const log = deps.logger;

  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
  app.addHook('onRequest', async (req) => auth.check(req.headers.authorization));
  app.addHook('onResponse', async (req, reply) => {
    const entry = { method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (req.method === 'GET' && reply.statusCode < 400) log.debug(entry, 'agent request');
    else log.info(entry, 'agent request');
  });
  app.setErrorHandler(async (err, _req, reply) => {
    const r = errorReply(err);
    if (r.status >= 500) log.warn({ code: r.body.error.code, message: r.body.error.message }, 'agent request failed');
    return reply.code(r.status).headers(r.headers).send(r.body);
  });
  app.setNotFoundHandler(async (req, reply) => reply.code(404).send({ error: { code: 'orc_not_found', message: `no such path: ${req.method} ${req.url.split('?')[0]}` } }));

  app.get('/api/info', async () => deps.info());
  app.post('/api/seeds/:id/stages/:stage', async (req, reply) => {
    const id = seedParam(req.params);
    const stage = stageParam(req.params);
    const request = parseBody(stageRequestSchema, req.body);
    if (request.seedId !== id || request.stage !== stage) {
      throw new InputError(`the body names seed ${request.seedId} stage ${request.stage}, the path seed ${id} stage ${stage}`);
    }
    await deps.seeds.startStage(request);
    return reply.code(202).send({ seedId: id, stage, accepted: true });
  });
  app.get('/api/seeds/:id/stages/:stage', async (req) => deps.seeds.stageStatus(seedParam(req.params), stageParam(req.params)));
  app.post('/api/seeds/:id/abort', async (req) => {
    const id = seedParam(req.params);
    await deps.seeds.abort(id);
    return { seedId: id, aborted: true };
  });
  app.get('/api/seeds/:id/metadata', async (req) => deps.seeds.metadata(seedParam(req.params)));
  app.post('/api/seeds/:id/receiver', async (req) => {
    const id = seedParam(req.params);
    const { port, ticket } = await deps.seeds.openReceiver(id);
    return { seedId: id, port, ticket };
  });
  app.put('/api/seeds/:id/stream', async (req) => {
    const id = seedParam(req.params);
    if (req.headers['content-type'] !== 'application/octet-stream') throw new InputError('the stream must be sent as application/octet-stream');
    const bytes = await deps.seeds.receiveStream(id, req.body as Readable);
    return { seedId: id, bytes };
  });
  app.get('/api/persisted-variables', async () => deps.persisted.read());
  app.put('/api/persisted-variables', async (req) => {
    const { variables } = parseBody(persistBody, req.body);
    const names = variables.map((v) => v.name.toLowerCase());
    if (new Set(names).size !== names.length) throw new InputError('a variable is changed twice', { field: 'variables' });
    return deps.persisted.write(variables);
  });
  app.get('/api/commands', async () => ({ commands: deps.commands.names() }));
  app.post('/api/commands/:name/runs', async (req) => {
    const name = checkCommandName((req.params as { name?: string }).name);
    const body = parseBody(commandBody, req.body);
    return deps.commands.start({ name, ...body });
  });
  app.get('/api/command-runs/:id', async (req) => {
    const id = (req.params as { id?: string }).id ?? '';
    if (!RUN_ID.test(id)) throw new InputError(`run id "${id.slice(0, 80)}": expected 8 to 64 letters and digits`, { field: 'id' });
    // An id this agent does not know (it restarted, or forgot a long-ended run) is an answer, not an error.
    return deps.commands.get(id) ?? { id, state: 'unknown' };
  });
  return app;
}

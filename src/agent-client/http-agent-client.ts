import { z } from 'zod';
import { parseAgentInfo } from '../../core/agents/parse-agent-info.js';
import { OperationError, OrcError, RefusedError, UnreachableError } from '../../core/errors.js';
import type { AgentClient, AgentEndpoint, SeedMetadata, StageStatus } from '../../core/ports/agent-client.js';
import { SEED_STAGES } from '../../core/seeds/seed-stage.js';

/** How orc calls agents: the agents' shared token (sent as Bearer, never logged) and the bound of one request. */
export interface HttpAgentClientOptions {
  readonly token: string;
  readonly requestTimeoutMs: number;
}

const stageStatusSchema = z.object({
  seedId: z.string(),
  stage: z.enum(SEED_STAGES),
  state: z.enum(['running', 'completed', 'error']),
  bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  updatedAt: z.number().int(),
  error: z.string().max(10_000).optional(),
});

const metadataSchema = z.object({
  gtid: z.string().max(100_000),
  binlogFile: z.string().max(512).nullable(),
  binlogPos: z.number().int().min(0).nullable(),
});

/**
 * The AgentClient port over the agents' HTTP API (GET /api/info, POST and GET /api/seeds/:id/stages/:stage, POST
 * /api/seeds/:id/abort, GET /api/seeds/:id/metadata): no connection or no answer within requestTimeoutMs is
 * UnreachableError, a 409 is RefusedError orc_refused, any other failure OperationError with the agent's own message.
 */
export function createHttpAgentClient(options: HttpAgentClientOptions): AgentClient {
  const call = (agent: AgentEndpoint, method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal) => request(options, agent, method, path, body, signal);
  const seedPath = (seedId: string) => `/api/seeds/${encodeURIComponent(seedId)}`;
  return {
    async info(agent, signal) {
      return reply(agent, 'info', await call(agent, 'GET', '/api/info', undefined, signal), (v) => parseAgentInfo(v));
    },
    async startStage(agent, req, signal) {
      await call(agent, 'POST', `${seedPath(req.seedId)}/stages/${req.stage}`, req, signal);
    },
    async stageStatus(agent, seedId, stage, signal): Promise<StageStatus> {
      const value = await call(agent, 'GET', `${seedPath(seedId)}/stages/${stage}`, undefined, signal);
      const status = reply(agent, 'stage status', value, (v) => stageStatusSchema.parse(v));
      if (status.seedId !== seedId || status.stage !== stage) {
        throw new OperationError(`agent ${agent.url} answered about seed ${status.seedId} ${status.stage}, not ${seedId} ${stage}`, { agent: agent.url });
      }
      return status;
    },
    async abort(agent, seedId, signal) {
      await call(agent, 'POST', `${seedPath(seedId)}/abort`, {}, signal);
    },
    async metadata(agent, seedId, signal): Promise<SeedMetadata> {
      return reply(agent, 'seed metadata', await call(agent, 'GET', `${seedPath(seedId)}/metadata`, undefined, signal), (v) => metadataSchema.parse(v));
    },
  };
}

/** Checks an agent's answer; a malformed one is OperationError naming the agent. */
function reply<T>(agent: AgentEndpoint, what: string, value: unknown, parse: (v: unknown) => T): T {
  try {
    return parse(value);
  } catch (err) {
    throw new OperationError(`agent ${agent.url} sent a malformed ${what}: ${(err as Error).message.slice(0, 500)}`, { agent: agent.url });
  }
}

async function request(options: HttpAgentClientOptions, agent: AgentEndpoint, method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
  const where = `${method} ${agent.url}${path}`;
  const timeout = AbortSignal.timeout(options.requestTimeoutMs);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== '') headers.authorization = `Bearer ${options.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${agent.url}${path}`, { method, headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    text = await res.text();
  } catch (err) {
    if (signal?.aborted) throw new OrcError('orc_aborted', `${where}: aborted`, { agent: agent.url });
    if (timeout.aborted) throw new UnreachableError(`${where}: the agent did not answer within ${options.requestTimeoutMs} ms`, { agent: agent.url });
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new UnreachableError(`${where}: cannot reach the agent: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { agent: agent.url }, { cause: err });
  }
  const parsed = parseJson(text);
  if (res.ok) return parsed;
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const said = typeof error?.message === 'string' ? error.message.slice(0, 2000) : `HTTP ${res.status}`;
  const details = { agent: agent.url, status: res.status, ...(typeof error?.code === 'string' ? { agentCode: error.code } : {}) };
  if (res.status === 409) throw new RefusedError('orc_refused', `agent ${agent.url} refused: ${said}`, details);
  throw new OperationError(`${where}: ${said}`, details);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

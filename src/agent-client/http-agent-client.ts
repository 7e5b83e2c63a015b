import { OperationError, RefusedError } from '../../core/errors.js';
import { type AgentClient, type AgentEndpoint, type CommandRunState, type PersistedVariables, type SeedMetadata, type StageRequest, type StageStatus } from '../../core/ports/agent-client.js';
import type { SeedStage } from '../../core/seeds/seed-stage.js';
import { parseAgentInfo } from '../../core/agents/parse-agent-info.js';
import { callJson, replyMessage, type JsonCall } from './agent-http.js';

/** How orc reaches agents: their shared token, the bound of one request, and a CA to trust for https agents. */
export interface HttpAgentClientOptions {
  readonly token: string;
  readonly requestTimeoutMs: number;
  readonly tls?: { readonly ca?: Buffer | null };
}

/**
 * The AgentClient port over the agents' HTTP API (node:http/https, one bounded request per call): an agent that
 * cannot be reached or does not answer in time is UnreachableError, a 409 is RefusedError('orc_refused'), any other
 * failure OperationError with the agent's own message.
 */
export function createHttpAgentClient(options: HttpAgentClientOptions): AgentClient {
  const call = async <T>(agent: AgentEndpoint, method: JsonCall['method'], path: string, signal?: AbortSignal, body?: unknown, timeoutMs = options.requestTimeoutMs): Promise<T> => {
    const base = agent.url.replace(/\/+$/, '');
    const reply = await callJson({ method, url: `${base}${path}`, token: options.token, body, timeoutMs, ca: options.tls?.ca ?? null, signal });
    if (reply.status >= 200 && reply.status < 300) return reply.body as T;
    const message = `agent ${base}: ${replyMessage(reply)}`;
    if (reply.status === 409) throw new RefusedError('orc_refused', message, { agent: base });
    throw new OperationError(message, { agent: base, status: reply.status });
  };
  const seed = (id: string): string => `/api/seeds/${encodeURIComponent(id)}`;
  return {
    // An agent's info feeds the pre-seed checks: a malformed one is refused here, not half-used.
    info: async (agent, signal) => {
      const body = await call<unknown>(agent, 'GET', '/api/info', signal);
      try {
        return parseAgentInfo(body, `agent ${agent.url} info`);
      } catch (err) {
        throw new OperationError(`agent ${agent.url} sent a malformed info: ${(err as Error).message}`, { agent: agent.url });
      }
    },
    startStage: async (agent, request: StageRequest, signal) => {
      await call(agent, 'POST', `${seed(request.seedId)}/stages/${request.stage}`, signal, request);
    },
    stageStatus: (agent, seedId: string, stage: SeedStage, signal) => call<StageStatus>(agent, 'GET', `${seed(seedId)}/stages/${stage}`, signal),
    abort: async (agent, seedId: string, signal) => {
      await call(agent, 'POST', `${seed(seedId)}/abort`, signal);
    },
    metadata: (agent, seedId: string, signal) => call<SeedMetadata>(agent, 'GET', `${seed(seedId)}/metadata`, signal),
    persistedVariables: (agent, signal) => call<PersistedVariables>(agent, 'GET', '/api/persisted-variables', signal),
    persistVariables: (agent, changes, signal) => call<PersistedVariables>(agent, 'PUT', '/api/persisted-variables', signal, { variables: changes }),
    commands: async (agent, signal) => (await call<{ commands: string[] }>(agent, 'GET', '/api/commands', signal)).commands,
    startCommand: (agent, { name, ...body }, signal) => call<CommandRunState>(agent, 'POST', `/api/commands/${encodeURIComponent(name)}/runs`, signal, body),
    commandRun: async (agent, runId, signal) => {
      const state = await call<CommandRunState | { id: string; state: 'unknown' }>(agent, 'GET', `/api/command-runs/${encodeURIComponent(runId)}`, signal);
      return state.state === 'unknown' ? null : state;
    },
  };
}

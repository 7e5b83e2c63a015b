import type { Config } from '../../core/config.js';
import type { AgentClient } from '../../core/ports/agent-client.js';
import { createHttpAgentClient } from './http-agent-client.js';

/** The AgentClient orc's front ends and service use: HTTP with the configured agents' token and request bound. */
export function agentClientFor(config: Pick<Config, 'agents'>): AgentClient {
  return createHttpAgentClient({ token: config.agents.token, requestTimeoutMs: config.agents.requestTimeoutMs });
}

import type { FastifyInstance } from 'fastify';
import { listAgents } from '../../core/commands/list-agents.js';
import { registerAgent } from '../../core/commands/register-agent.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { formatInstant } from '../../core/model/instant.js';
import { agentJson } from '../cli/format/agents-text.js';
import type { ApiDeps } from './api-deps.js';
import { requestContext } from './route-kit.js';

/**
 * POST /api/agents: an agent registers (its heartbeat), with the agents' token only; the answer tells it how soon
 * it must register again (staleAfterMs). GET /api/agents: the registered agents with their health (read credential).
 */
export function registerAgentRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post('/api/agents', { config: { access: 'agent' } }, async (req) => {
    const agent = await registerAgent(requestContext(deps, req), req.body);
    return { instance: formatInstanceKey(agent.instance), url: agent.url, lastSeen: formatInstant(agent.lastSeenAt), staleAfterMs: deps.ctx.config.agents.staleAfterMs };
  });
  app.get('/api/agents', { config: { access: 'read' } }, async () => (await listAgents(deps.ctx)).map(agentJson));
}

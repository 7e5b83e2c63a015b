import { agentFresh, agentHealthy } from '../agents/agent-health.js';
import type { Config } from '../config.js';
import type { AgentRegistry, RegisteredAgent } from '../ports/agent-registry.js';
import type { Clock } from '../ports/clock.js';

/** One line of `orc agents`: a registration, how long ago it came, and whether the agent counts as healthy. */
export interface AgentStatus extends RegisteredAgent {
  readonly ageMs: number;
  /** Registered within agents.staleAfterMs. */
  readonly fresh: boolean;
  /** Fresh, and its server was running when it registered. */
  readonly healthy: boolean;
}

/** What listing agents reads: the registry, the clock and the agents' staleness bound. */
export interface AgentsView {
  readonly store: Pick<AgentRegistry, 'listAgents'>;
  readonly clock: Pick<Clock, 'now'>;
  readonly config: Pick<Config, 'agents'>;
}

/** Every registered agent by instance, aged against now, with its health (registration is enough: no agent is called). */
export async function listAgents(ctx: AgentsView): Promise<AgentStatus[]> {
  const agents = await ctx.store.listAgents();
  const now = ctx.clock.now();
  const stale = ctx.config.agents.staleAfterMs;
  return agents.map((a) => ({ ...a, ageMs: Math.max(0, now - a.lastSeenAt), fresh: agentFresh(a, now, stale), healthy: agentHealthy(a, now, stale) }));
}

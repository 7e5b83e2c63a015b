import type { AgentClient } from '../../core/ports/agent-client.js';
import type { AgentRegistry } from '../../core/ports/agent-registry.js';
import type { OrcSeedDeps } from './orc-service.js';

/**
 * The seed loop's dependencies over the agent registry: an active seed keeps reaching its agents even when their
 * registration went stale (staleness only refuses new seeds), so the resolver does not filter by age.
 */
export function seedDepsFor(store: AgentRegistry, agentClient: AgentClient): OrcSeedDeps {
  return {
    agentClient,
    agentOf: async (instance) => {
      const agent = await store.getAgent(instance);
      return agent ? { url: agent.url } : null;
    },
  };
}

import type { AgentClient } from '../ports/agent-client.js';
import type { AgentRegistry } from '../ports/agent-registry.js';
import type { SeedStore } from '../ports/seed-store.js';
import type { CommandContext } from './command-context.js';

/** What seed and agent commands run against: a store that keeps seeds and agent registrations, and the agents' client. */
export interface SeedCommandContext extends CommandContext {
  readonly store: CommandContext['store'] & SeedStore & AgentRegistry;
  /** How orc calls agents (the HTTP adapter in the service and the CLI, a fake in tests). */
  readonly agentClient: AgentClient;
}

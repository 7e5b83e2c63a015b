import { compareInstanceKeys, type InstanceKey } from '../../core/model/instance-key.js';
import type { AgentRegistry, RegisteredAgent } from '../../core/ports/agent-registry.js';
import { checkRegisteredAgent } from '../../core/store/agent-store-inputs.js';
import { rowId, storedKey } from './memory-recovery-store.js';

/** The AgentRegistry port in memory with the SQL stores' semantics (shared checks, one row per server, hosts lower-cased, copies in and out); MemoryStore delegates to it. */
export class MemoryAgentRegistry implements AgentRegistry {
  private readonly agents = new Map<string, RegisteredAgent>();
  private readonly assertOpen: () => void;

  /** assertOpen throws once the owning store is closed. */
  constructor(assertOpen: () => void) {
    this.assertOpen = assertOpen;
  }

  async registerAgent(agent: RegisteredAgent): Promise<void> {
    this.assertOpen();
    checkRegisteredAgent(agent);
    this.agents.set(rowId(agent.instance), { ...structuredClone(agent), instance: storedKey(agent.instance) });
  }

  async listAgents(): Promise<RegisteredAgent[]> {
    this.assertOpen();
    return [...this.agents.values()].sort((a, b) => compareInstanceKeys(a.instance, b.instance)).map((a) => structuredClone(a));
  }

  async getAgent(instance: InstanceKey): Promise<RegisteredAgent | undefined> {
    this.assertOpen();
    const agent = this.agents.get(rowId(instance));
    return agent && structuredClone(agent);
  }

  async forgetAgent(instance: InstanceKey): Promise<boolean> {
    this.assertOpen();
    return this.agents.delete(rowId(instance));
  }
}

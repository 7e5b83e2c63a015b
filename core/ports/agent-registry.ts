import type { InstanceKey } from '../model/instance-key.js';
import type { AgentInfo } from './agent-client.js';

/** An agent as orc knows it: the server it serves, where to reach it, when it last registered and what it said then. */
export interface RegisteredAgent {
  /** The database server beside the agent (host:port as orc names instances). */
  readonly instance: InstanceKey;
  /** The agent's base URL (http or https, no path). */
  readonly url: string;
  /** When the agent last registered (epoch ms, the registering orc node's clock). */
  readonly lastSeenAt: number;
  /** The info the agent sent with its latest registration. */
  readonly info: AgentInfo;
}

/** Persistence of agent registrations, one row per database server (a new registration replaces the old). */
export interface AgentRegistry {
  registerAgent(agent: RegisteredAgent): Promise<void>;
  /** Every registered agent, ordered by instance. */
  listAgents(): Promise<RegisteredAgent[]>;
  getAgent(instance: InstanceKey): Promise<RegisteredAgent | undefined>;
  /** Removes an agent's registration; false when there was none. */
  forgetAgent(instance: InstanceKey): Promise<boolean>;
}

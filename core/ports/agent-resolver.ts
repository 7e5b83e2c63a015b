import type { InstanceKey } from '../model/instance-key.js';
import type { AgentEndpoint } from './agent-client.js';

/** Where orc reaches the agent beside a database server (the agent registry backs it): null when none is known. */
export type AgentResolver = (instance: InstanceKey) => Promise<AgentEndpoint | null>;

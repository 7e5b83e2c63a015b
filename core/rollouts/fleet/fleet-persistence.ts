import { OperationError } from '../../errors.js';
import { formatInstanceKey, type InstanceKey } from '../../model/instance-key.js';
import type { AgentEndpoint, PersistedChange } from '../../ports/agent-client.js';
import type { PersistedBefore } from './fleet-rollout.js';
import type { FleetAgents } from './fleet-tick-deps.js';

/**
 * The option file of the server's agent and each named variable's line in it now (null: none), read before a change;
 * null when the server has no registered agent or its agent has no option file (the change is SET GLOBAL only).
 * An agent that is registered but does not answer rejects: the change must not go ahead unpersisted.
 */
export async function readPersistedBefore(agents: FleetAgents | undefined, key: InstanceKey, names: readonly string[], signal: AbortSignal): Promise<PersistedBefore | null> {
  const agent = agents ? await agents.agentOf(key) : null;
  if (!agents || !agent) return null;
  const now = await agents.client.persistedVariables(agent, signal);
  if (now.file === null) return null;
  return { file: now.file, values: Object.fromEntries(names.map((n) => [n, now.values[n] ?? null])) };
}

/** Writes the values in the option file of the server's agent (the one recorded before the change); rejects when it has no agent now. */
export async function persistOnAgent(agents: FleetAgents | undefined, key: InstanceKey, values: readonly PersistedChange[], signal: AbortSignal): Promise<void> {
  const agent: AgentEndpoint | null = agents ? await agents.agentOf(key) : null;
  if (!agents || !agent) throw new OperationError(`${formatInstanceKey(key)} has no registered agent to write its option file`, { server: formatInstanceKey(key) });
  await agents.client.persistVariables(agent, values, signal);
}

/** The values an option file held before the change, as the changes that put them back. */
export function persistedRestore(before: PersistedBefore): PersistedChange[] {
  return Object.entries(before.values).map(([name, value]) => ({ name, value }));
}

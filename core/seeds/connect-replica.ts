import { OperationError } from '../errors.js';
import { primaryChannel } from '../model/instance.js';
import { formatInstanceKey, sameInstance } from '../model/instance-key.js';
import type { AgentClient } from '../ports/agent-client.js';
import type { Clock } from '../ports/clock.js';
import type { Probe } from '../ports/probe.js';
import type { ReplicationControl } from '../ports/replication-control.js';
import { verifyReplicating } from '../replication/verify-replicating.js';
import type { SeedAgents } from './seed-agents.js';
import type { Seed } from './seed.js';

/** How long the target may take to show both replication threads running after START. */
export const CONNECT_VERIFY_MS = 10_000;

/** The ports ConnectReplica runs through. */
export interface ConnectReplicaDeps {
  readonly agentClient: AgentClient;
  readonly control: ReplicationControl;
  readonly probe: Probe;
  readonly clock: Clock;
}

/**
 * ConnectReplica (orc's own stage): reads the copy's GTID position from the target agent, gives it to the target,
 * points the target at the source, starts replication and waits (bounded) for both threads to run; returns the
 * history note. A retry after the target was already pointed at the source only starts and verifies replication
 * again: setting the position once more would rewind it past what the target has applied since.
 */
export async function connectReplica(seed: Seed, agents: SeedAgents, deps: ConnectReplicaDeps, signal: AbortSignal): Promise<string> {
  const source = formatInstanceKey(seed.source);
  const facts = await deps.probe.probe(seed.target, signal);
  const channel = primaryChannel(facts);
  if (channel && sameInstance(channel.source, seed.source)) {
    await deps.control.startReplica(seed.target, signal);
    await verifyReplicating(seed.target, seed.source, CONNECT_VERIFY_MS, deps, signal);
    return `target already pointed at ${source}: replication started again and running`;
  }
  const metadata = await deps.agentClient.metadata(await agents.endpoint('target'), seed.id, signal);
  const gtid = typeof metadata.gtid === 'string' ? metadata.gtid.trim() : '';
  if (gtid === '') throw new OperationError(`the target agent's metadata of seed ${seed.id} has no GTID position`, { seed: seed.id });
  await deps.control.setReplicaGtidPosition(seed.target, gtid, signal);
  await deps.control.changeSource(seed.target, { source: seed.source, gtidStart: 'slave_pos' }, signal);
  await deps.control.startReplica(seed.target, signal);
  await verifyReplicating(seed.target, seed.source, CONNECT_VERIFY_MS, deps, signal);
  return `target set to GTID ${gtid} and replicating from ${source}`;
}

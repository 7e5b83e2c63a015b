import type { AgentClient } from '../../ports/agent-client.js';
import type { AgentResolver } from '../../ports/agent-resolver.js';
import type { Clock } from '../../ports/clock.js';
import type { FleetRolloutStore } from '../../ports/fleet-rollout-store.js';
import type { LeaseStore } from '../../ports/leader-lease.js';
import type { Leadership } from '../../ports/leadership.js';
import type { Logger } from '../../ports/logger.js';
import type { Probe } from '../../ports/probe.js';
import type { ReplicationControl } from '../../ports/replication-control.js';
import type { RolloutStore } from '../../ports/rollout-store.js';
import type { ServerVariables } from '../../ports/server-variables.js';
import type { Store } from '../../ports/store.js';
import type { RolloutEngine } from '../rollout-engine.js';

/** A graceful takeover of a cluster's primary (the service wires core/commands/takeover.ts); ok false says why not. */
export type FleetTakeover = (cluster: string, signal: AbortSignal) => Promise<{ readonly ok: boolean; readonly detail: string }>;

/** The ports the leader's fleet rollout ticks run through. */
export interface FleetTickDeps {
  readonly store: FleetRolloutStore & RolloutStore & Pick<Store, 'appendAudit'> & Pick<LeaseStore, 'leaseTokenValid'>;
  readonly engine: RolloutEngine;
  /** Fresh facts of a server (the replication gates and the errors before a change). */
  readonly probe: Probe;
  readonly variables: ServerVariables;
  /** Restarts replication a change broke, once the change is rolled back. */
  readonly control: Pick<ReplicationControl, 'startReplica'>;
  readonly takeover: FleetTakeover;
  /** The servers' agents (absent: no server has one): they persist a change in the server's option file. */
  readonly agents?: FleetAgents;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Rollouts are stepped only while this holds, and every write carries its fencing token. */
  readonly leadership: Leadership;
}

/** How a fleet rollout reaches the agent beside a server. */
export interface FleetAgents {
  readonly client: AgentClient;
  /** The agent of a server (the registry backs it); null when it has none. */
  readonly agentOf: AgentResolver;
}

/** Who the fleet controller's audit entries name. */
export const FLEET_ACTOR = 'orc:rollouts';

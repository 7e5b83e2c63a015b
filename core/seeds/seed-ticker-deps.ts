import type { AgentClient } from '../ports/agent-client.js';
import type { AgentResolver } from '../ports/agent-resolver.js';
import type { Clock } from '../ports/clock.js';
import type { LeaseStore } from '../ports/leader-lease.js';
import type { Leadership } from '../ports/leadership.js';
import type { Logger } from '../ports/logger.js';
import type { Probe } from '../ports/probe.js';
import type { RecoveryStore } from '../ports/recovery-store.js';
import type { ReplicationControl } from '../ports/replication-control.js';
import type { SeedStore } from '../ports/seed-store.js';
import type { SeedMachineConfig } from './seed-machine-config.js';

/** The ports and policy the leader's seed ticks run through. */
export interface SeedTickerDeps {
  /** Seeds (fenced writes), the leader lease check and the target's downtime. */
  readonly store: SeedStore & Pick<LeaseStore, 'leaseTokenValid'> & Pick<RecoveryStore, 'beginDowntime' | 'endDowntime' | 'listDowntime'>;
  readonly agentClient: AgentClient;
  /** Where each server's agent is (an agent that cannot be resolved counts as unreachable). */
  readonly agentOf: AgentResolver;
  /** ConnectReplica's SQL on the target. */
  readonly control: ReplicationControl;
  /** Reads the target's replication state (ConnectReplica's verification). */
  readonly probe: Probe;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy: SeedMachineConfig;
  /** Seeds are ticked only while this holds, and every write carries its fencing token. */
  readonly leadership: Leadership;
}

import type { Config } from '../config.js';
import type { HookRunner } from '../hooks/hook-runner.js';
import type { Clock } from '../ports/clock.js';
import type { Leadership } from '../ports/leadership.js';
import type { Logger } from '../ports/logger.js';
import type { Probe } from '../ports/probe.js';
import type { RecoveryStore } from '../ports/recovery-store.js';
import type { ReplicationControl } from '../ports/replication-control.js';
import type { Store } from '../ports/store.js';

/** The ports every recovery and topology change runs through. */
export interface RecoveryDeps {
  readonly config: Config;
  readonly store: Store & RecoveryStore;
  readonly probe: Probe;
  readonly control: ReplicationControl;
  readonly hookRunner: HookRunner;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This orc's host name, for hooks ({orchestratorHost}) and lock owners. */
  readonly orcHost: string;
  /** The service's leadership: recoveries it runs stop at the next step once it is lost. Absent for manual commands. */
  readonly leadership?: Leadership;
}

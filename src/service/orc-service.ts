import type { Config } from '../../core/config.js';
import { DiscoveryLoop } from '../../core/discovery/discovery-loop.js';
import type { HookRunner } from '../../core/hooks/hook-runner.js';
import type { Clock } from '../../core/ports/clock.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Probe } from '../../core/ports/probe.js';
import type { RecoveryStore } from '../../core/ports/recovery-store.js';
import type { ReplicationControl } from '../../core/ports/replication-control.js';
import type { Store } from '../../core/ports/store.js';
import { RecoveryLoop } from '../../core/recovery/recovery-loop.js';

/** The ports and settings the long-running service composes. */
export interface OrcServiceDeps {
  readonly config: Config;
  readonly store: Store & RecoveryStore;
  readonly probe: Probe;
  readonly control: ReplicationControl;
  readonly hookRunner: HookRunner;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly orcHost: string;
}

/** The long-running orc service: owns the supervised loops (discovery, analysis and recovery) and starts and stops them together. */
export class OrcService {
  readonly discovery: DiscoveryLoop;
  readonly recovery: RecoveryLoop;

  constructor(private readonly deps: OrcServiceDeps) {
    this.discovery = new DiscoveryLoop(deps);
    this.recovery = new RecoveryLoop(deps, this.discovery);
  }

  /** Starts discovery, then analysis and recovery (which act only once every instance was probed since start). */
  async start(): Promise<void> {
    await this.discovery.start();
    await this.recovery.start();
    const { recovery, discovery } = this.deps.config;
    this.deps.logger.info(
      { pollIntervalMs: discovery.pollIntervalMs, recoveryEnabled: recovery.enabled, autoRecoverPrimary: recovery.autoRecoverPrimary },
      'orc service started',
    );
  }

  /** Stops every loop and waits for in-flight work to settle. */
  async stop(): Promise<void> {
    await this.recovery.stop();
    await this.discovery.stop();
    this.deps.logger.info({}, 'orc service stopped');
  }
}

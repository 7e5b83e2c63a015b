import type { Config } from '../../core/config.js';
import { DiscoveryLoop } from '../../core/discovery/discovery-loop.js';
import type { Clock } from '../../core/ports/clock.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Probe } from '../../core/ports/probe.js';
import type { Store } from '../../core/ports/store.js';

/** The ports and settings the long-running service composes. */
export interface OrcServiceDeps {
  readonly config: Config;
  readonly store: Store;
  readonly probe: Probe;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The long-running orc service: owns the supervised loops and starts and stops them together. */
export class OrcService {
  readonly discovery: DiscoveryLoop;

  constructor(private readonly deps: OrcServiceDeps) {
    this.discovery = new DiscoveryLoop(deps);
  }

  /** Starts every loop. */
  async start(): Promise<void> {
    await this.discovery.start();
    this.deps.logger.info({ pollIntervalMs: this.deps.config.discovery.pollIntervalMs }, 'orc service started');
  }

  /** Stops every loop and waits for in-flight work to settle. */
  async stop(): Promise<void> {
    await this.discovery.stop();
    this.deps.logger.info({}, 'orc service stopped');
  }
}

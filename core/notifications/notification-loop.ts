import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { LeaseStore } from '../ports/leader-lease.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import { LeaderElection, leaseHolder } from '../service/leader-election.js';
import { SupervisedLoop } from '../util/supervised-loop.js';
import { deliverNotifications } from './deliver-notifications.js';
import { produceNotifications, type ProduceNotificationsDeps } from './produce-notifications.js';

/** The lease naming the one orc process (serve or bot) that produces and delivers notifications. */
export const NOTIFIER_LEASE_NAME = 'orc-notifier';

/** What the notification loop runs against. */
export interface NotificationLoopDeps {
  readonly store: ProduceNotificationsDeps['store'] & LeaseStore;
  readonly notifier: Notifier;
  readonly config: Pick<Config, 'service'> & { readonly slack: NonNullable<Config['slack']> };
  readonly clock: Clock;
  readonly logger: Logger;
  /** Names this process in the lease. */
  readonly orcHost: string;
}

/**
 * Turns audit entries and ended seeds into queued notifications and delivers them, in one supervised loop that runs
 * only while this process holds the notifier lease: of every serve and bot sharing a store, exactly one sends.
 */
export class NotificationLoop {
  private readonly loop: SupervisedLoop;
  private readonly election: LeaderElection;
  private converging: Promise<void> = Promise.resolve();

  constructor(private readonly deps: NotificationLoopDeps) {
    const slack = deps.config.slack;
    this.loop = new SupervisedLoop({
      name: 'notifications',
      intervalMs: slack.delivery.intervalMs,
      clock: deps.clock,
      logger: deps.logger,
      run: (signal) => this.tick(signal),
    });
    const { leaseMs, renewMs } = deps.config.service;
    this.election = new LeaderElection({
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      holder: leaseHolder(`${deps.config.service.name ?? deps.orcHost}-notifier`),
      leaseMs,
      renewMs,
      leaseName: NOTIFIER_LEASE_NAME,
      onChange: (leader) => {
        this.converging = this.converging.then(() => (leader ? this.loop.start() : this.loop.stop()));
      },
    });
  }

  /** True while this process holds the notifier lease and delivers. */
  get delivering(): boolean {
    return this.loop.running;
  }

  /** Produces and delivers once now (tests, and after a command that surely made news). */
  trigger(): void {
    this.loop.trigger();
  }

  async start(): Promise<void> {
    await this.election.start();
  }

  /** Stops delivering and releases the lease; resolves when the current tick has ended. */
  async stop(): Promise<void> {
    await this.election.stop();
    await this.converging;
    await this.loop.stop();
    await this.election.release();
  }

  private async tick(signal: AbortSignal): Promise<void> {
    if (!this.election.isLeader()) return;
    const { slack } = this.deps.config;
    await produceNotifications({ store: this.deps.store, routing: slack.channels, clock: this.deps.clock });
    await deliverNotifications({ outbox: this.deps.store, notifier: this.deps.notifier, clock: this.deps.clock, logger: this.deps.logger, backoff: slack.delivery }, signal);
  }
}

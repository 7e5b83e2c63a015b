import { untilAborted } from '../util/until-aborted.js';
import { randomBytes } from 'node:crypto';
import { errorLine } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { LeaderLease, LeaseStore, LeaseToken } from '../ports/leader-lease.js';
import type { Logger } from '../ports/logger.js';
import { SupervisedLoop } from '../util/supervised-loop.js';

/** The name of the lease every orc service sharing a store competes for. */
export const LEADER_LEASE_NAME = 'orc-leader';

/** Longest base of a holder identity, so base, pid and random part fit the store's holder column (255). */
const HOLDER_BASE_LENGTH = 200;

/** A holder identity unique per process and start: `${base}:${pid}:${random}` (two services on one host differ). */
export function leaseHolder(base: string, pid: number = process.pid): string {
  return `${base.slice(0, HOLDER_BASE_LENGTH)}:${pid}:${randomBytes(6).toString('hex')}`;
}

/** The store not answering lease rounds: since when (epoch ms, this host's clock) and the latest error line. */
export interface StoreOutage {
  readonly since: number;
  readonly error: string;
}

/** What a leader election runs with. */
export interface LeaderElectionOptions {
  readonly store: LeaseStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly holder: string;
  /** How long a taken or renewed lease is valid. */
  readonly leaseMs: number;
  /** How often the lease is renewed (or, by a follower, tried); also the margin a leader keeps before expiry. */
  readonly renewMs: number;
  readonly leaseName?: string;
  /** Told at once when this service becomes leader (true) or stops being one (false); must not block. */
  readonly onChange: (leader: boolean, reason: string) => void;
}

/**
 * Leader election over a shared LeaseStore: every renewMs it takes, renews or tries the lease (the store compares
 * times on its own clock). A leader stops acting (fencing by timeout) as soon as its lease was taken by another
 * holder, or when leaseMs - renewMs have passed on the monotonic clock since it sent its last successful renewal (a
 * renewal that fails or hangs), so it is never a leader past its lease whatever the host's wall clock does. Each
 * term has a fencing token (token()) the store can check, e.g. in the transaction that records a recovery step.
 */
export class LeaderElection {
  private readonly loop: SupervisedLoop;
  private readonly name: string;
  private leader = false;
  private lease: LeaderLease | null = null;
  /** The fencing token of the current term; null while not leader. */
  private term: LeaseToken | null = null;
  /** Epoch of the last term led, so no two terms share a token. */
  private lastEpoch: number | null = null;
  /** Monotonic time from which a leader may no longer act: leaseMs - renewMs after it sent its last successful renewal. */
  private actUntil = 0;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private stopped = new AbortController();
  /** Since when (the injected wall clock) lease rounds have failed, and the last failure; null while the store answers. */
  private outage: StoreOutage | null = null;

  constructor(private readonly options: LeaderElectionOptions) {
    this.name = options.leaseName ?? LEADER_LEASE_NAME;
    this.loop = new SupervisedLoop({ name: 'leader-election', intervalMs: options.renewMs, logger: options.logger, clock: options.clock, run: (s) => this.round(s) });
  }

  /** This service's holder identity. */
  get holder(): string {
    return this.options.holder;
  }

  /** True while this service holds the lease and may act. */
  isLeader(): boolean {
    return this.leader;
  }

  /** The fencing token of this leader's current term (no two terms share an epoch); null while not leader. */
  token(): LeaseToken | null {
    return this.leader ? this.term : null;
  }

  /** The lease as last seen (this service's or another holder's), for status output; null before the first answer. */
  currentLease(): LeaderLease | null {
    return this.lease;
  }

  /** Since when the store has not answered lease rounds, and why; null while it answers. */
  storeOutage(): StoreOutage | null {
    return this.outage;
  }

  /** Runs a first round (so a lone service leads when start resolves), then keeps renewing every renewMs. */
  async start(): Promise<void> {
    if (this.loop.running) return;
    this.stopped = new AbortController();
    await this.round(this.stopped.signal);
    if (!this.stopped.signal.aborted) this.loop.start();
  }

  /** Stops renewing and, if leader, demotes at once; the lease stays taken until release() or its expiry. */
  async stop(): Promise<void> {
    this.stopped.abort();
    await this.loop.stop();
    if (this.leader) this.demote('stopping');
  }

  /** Gives the lease up if this service holds it in the store, so a follower takes over without waiting for expiry. */
  async release(): Promise<boolean> {
    try {
      return await this.options.store.releaseLease(this.name, this.options.holder);
    } catch (err) {
      this.options.logger.warn({ lease: this.name, err: errorLine(err) }, 'could not release the leader lease; it expires on its own');
      return false;
    }
  }

  /** Steps down (demotes and releases the lease), e.g. when this leader could not start its work; it may be elected again. */
  async resign(reason: string): Promise<void> {
    if (this.leader) this.demote(reason);
    await this.release();
  }

  /** One election round: take, renew or try the lease; the loop runs it every renewMs. */
  async round(signal: AbortSignal): Promise<void> {
    const { store, clock, holder, leaseMs, renewMs } = this.options;
    if (this.leader && clock.monotonic() >= this.actUntil) this.demote('lease not renewed in time');
    // Read before the request: the store's term starts no earlier than this, so a deadline counted from here ends
    // renewMs (plus the request's own time) before the store's, on a clock no wall-clock step can move.
    const sent = clock.monotonic();
    let lease: LeaderLease;
    try {
      lease = await untilAborted(store.tryAcquireLease(this.name, holder, leaseMs), signal);
    } catch (err) {
      // A leader keeps acting until actUntil (nobody can take the lease before it expires); the watchdog ends it.
      if (!signal.aborted) this.noteFailure(err);
      return;
    }
    if (signal.aborted) return;
    this.noteAnswer();
    this.lease = lease;
    if (lease.holder !== holder) {
      if (this.leader) this.demote(`lease taken by ${lease.holder}`);
      return;
    }
    // The store saw the lease expired and gave it to this holder afresh: the old term's token no longer holds.
    if (this.leader && lease.epoch !== this.term?.epoch) this.demote('lease lapsed and was taken again');
    const actUntil = sent + leaseMs - renewMs;
    const left = actUntil - clock.monotonic();
    if (left <= 0) {
      if (this.leader) this.demote('lease renewed too late');
      return;
    }
    if (!this.leader && lease.epoch === this.lastEpoch) {
      // Demoted while the store kept the lease: give it up so the next term (this holder's or another's) has a new epoch.
      await untilAborted(this.release(), signal).catch(() => false);
      return;
    }
    this.actUntil = actUntil;
    this.armWatchdog(left);
    if (!this.leader) {
      this.leader = true;
      this.lastEpoch = lease.epoch;
      this.term = { name: this.name, holder, epoch: lease.epoch };
      this.options.logger.info({ lease: this.name, holder, epoch: lease.epoch, expiresAt: lease.expiresAt }, 'became leader');
      this.options.onChange(true, 'lease acquired');
    }
  }

  private noteFailure(err: unknown): void {
    const error = errorLine(err);
    const { logger } = this.options;
    // Once per outage and per new error at warn: a store down for hours must not log twice a second.
    const level = this.outage?.error === error ? 'debug' : 'warn';
    logger[level]({ lease: this.name, leader: this.leader, err: error }, 'leader lease round failed');
    if (this.outage === null) {
      const since = this.options.clock.now();
      logger.error({ lease: this.name, since: new Date(since).toISOString(), err: error }, 'store unreachable: a leader stops acting when its lease runs out, and no service acts until the store answers');
      this.outage = { since, error };
    } else {
      this.outage = { since: this.outage.since, error };
    }
  }

  private noteAnswer(): void {
    if (this.outage === null) return;
    const downMs = this.options.clock.now() - this.outage.since;
    this.options.logger.info({ lease: this.name, since: new Date(this.outage.since).toISOString(), downMs }, 'store reachable again');
    this.outage = null;
  }

  /** Demotes at actUntil on the monotonic clock (a timer may fire early by that clock, so it checks and re-arms). */
  private armWatchdog(ms: number): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      if (!this.leader) return;
      const left = this.actUntil - this.options.clock.monotonic();
      if (left <= 0) this.demote('lease not renewed in time');
      else this.armWatchdog(left);
    }, ms);
  }

  private demote(reason: string): void {
    this.leader = false;
    this.term = null;
    this.actUntil = 0;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
    this.options.logger.warn({ lease: this.name, holder: this.options.holder, reason }, 'no longer leader');
    this.options.onChange(false, reason);
  }
}

import { errorLine } from '../core/errors.js';
import { sleepOn, type Clock } from '../core/ports/clock.js';
import type { Logger } from '../core/ports/logger.js';

/** The part of @slack/socket-mode's client a SocketModeConnection drives (its own reconnecting turned off). */
export interface SocketModeDialer {
  /** Asks apps.connections.open for a URL and dials it; resolves on Slack's hello, rejects when that fails. */
  start(): Promise<unknown>;
  /** Closes the connection (if any) and resolves once it is closed. */
  disconnect(): Promise<void>;
  on(event: 'disconnected', listener: () => void): unknown;
  off(event: 'disconnected', listener: () => void): unknown;
}

/** Waits between attempts: minMs after a dropped connection or a first failure, doubling per failure up to maxMs. */
export interface SocketModeBackoff {
  readonly minMs: number;
  readonly maxMs: number;
}

const DEFAULT_BACKOFF: SocketModeBackoff = { minMs: 1000, maxMs: 30_000 };

/**
 * Keeps a Socket Mode connection up until stopped: dials, and after a failure or a dropped connection dials again
 * with capped backoff, logging each outcome. Slack being down never blocks or ends orc, and stop() ends every
 * attempt (the socket client's own reconnecting retries for hours and cannot be stopped mid-attempt).
 */
export class SocketModeConnection {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly dialer: SocketModeDialer,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly backoff: SocketModeBackoff = DEFAULT_BACKOFF,
  ) {}

  /** Dials once and resolves when that attempt connected or failed; retries and reconnections go on until stop(). */
  async start(): Promise<void> {
    if (this.loop) return;
    await new Promise<void>((firstAttemptDone) => {
      this.loop = this.run(firstAttemptDone);
    });
  }

  /** Stops dialing, closes the connection and resolves once the loop has ended. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.dialer.disconnect();
    await this.loop;
  }

  private async run(firstAttemptDone: () => void): Promise<void> {
    const signal = this.stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        await this.dialer.start();
      } catch (err) {
        firstAttemptDone();
        if (signal.aborted) break;
        failures += 1;
        const waitMs = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** (failures - 1));
        this.logger.warn({ err: errorLine(err), retryInMs: waitMs }, 'slack: Socket Mode could not connect; retrying');
        await this.wait(waitMs);
        continue;
      }
      failures = 0;
      firstAttemptDone();
      // A stop() during the attempt could not close a connection that did not exist yet.
      if (signal.aborted) {
        await this.dialer.disconnect();
        break;
      }
      this.logger.info({}, 'slack: Socket Mode connected');
      await this.untilDisconnected();
      if (signal.aborted) break;
      this.logger.warn({ retryInMs: this.backoff.minMs }, 'slack: Socket Mode connection closed; reconnecting');
      await this.wait(this.backoff.minMs);
    }
  }

  private untilDisconnected(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.dialer.off('disconnected', done);
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      this.dialer.on('disconnected', done);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }

  private wait(ms: number): Promise<void> {
    return sleepOn(this.clock, ms, this.stopping.signal).catch(() => undefined);
  }
}

import { sleepOn, type Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';

/** Options of a supervised loop: what to run, how often, and where errors go. */
export interface SupervisedLoopOptions {
  readonly name: string;
  readonly intervalMs: number;
  /** One iteration; must honour the signal. Errors are reported, never thrown out of the loop. */
  readonly run: (signal: AbortSignal) => Promise<void>;
  readonly logger: Logger;
  /** Measures each iteration so the next one starts intervalMs after the previous one started. */
  readonly clock: Clock;
  readonly onError?: (err: unknown) => void;
}

/** A background loop with start/stop, no overlapping runs, awaited shutdown and cancellation. */
export class SupervisedLoop {
  private controller: AbortController | null = null;
  private done: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private pendingWake = false;

  constructor(private readonly options: SupervisedLoopOptions) {}

  /** True between start() and stop(). */
  get running(): boolean {
    return this.controller !== null;
  }

  /** Starts iterating; a second start() while running is a no-op. */
  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.done = this.loop(controller.signal);
  }

  /** Runs the next iteration as soon as the current one (if any) ends. */
  trigger(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  /** Aborts the current iteration and resolves when it has ended. */
  async stop(): Promise<void> {
    const controller = this.controller;
    if (!controller) return;
    controller.abort();
    this.wake?.();
    await this.done;
    this.controller = null;
    this.done = null;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const started = this.options.clock.monotonic();
      this.pendingWake = false;
      try {
        await this.options.run(signal);
      } catch (err) {
        if (!signal.aborted) {
          this.options.logger.error({ loop: this.options.name, err: errorText(err) }, 'loop iteration failed');
          this.options.onError?.(err);
        }
      }
      if (signal.aborted) break;
      const wait = Math.max(0, this.options.intervalMs - (this.options.clock.monotonic() - started));
      if (!this.pendingWake && wait > 0) await this.sleep(wait, signal);
    }
  }

  /** Waits on the injected clock until the interval passes, trigger() or stop() wakes it. */
  private async sleep(ms: number, signal: AbortSignal): Promise<void> {
    const woken = new AbortController();
    this.wake = () => {
      this.wake = null;
      woken.abort();
    };
    await sleepOn(this.options.clock, ms, AbortSignal.any([signal, woken.signal])).catch(() => undefined);
    this.wake = null;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

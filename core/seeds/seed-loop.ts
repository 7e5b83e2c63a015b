import { SupervisedLoop } from '../util/supervised-loop.js';
import type { SeedTickerDeps } from './seed-ticker-deps.js';
import { SeedTicker, type SeedTickSummary } from './seed-ticker.js';

/** What the seed loop runs with: the ticker's ports, the tick period and who hears of each tick (metrics). */
export interface SeedLoopOptions extends SeedTickerDeps {
  readonly tickMs: number;
  readonly onTick?: (summary: SeedTickSummary) => void;
}

/** The loop's own counters, for status and metrics. */
export interface SeedLoopStats {
  readonly ticks: number;
  /** Ticks that failed as a whole (the store could not be read). */
  readonly failedTicks: number;
  readonly lastTick: SeedTickSummary | null;
  readonly lastError: string | null;
}

/**
 * The leader's seed loop: a SupervisedLoop (no overlapping ticks, awaited stop, the signal passed down to every
 * call) ticking every active seed each tickMs; a tick that fails (store down) is logged and the loop goes on.
 */
export class SeedLoop {
  private readonly loop: SupervisedLoop;
  private readonly ticker: SeedTicker;
  private ticks = 0;
  private failedTicks = 0;
  private lastTick: SeedTickSummary | null = null;
  private lastError: string | null = null;

  constructor(private readonly options: SeedLoopOptions) {
    this.ticker = new SeedTicker(options);
    this.loop = new SupervisedLoop({
      name: 'seeds',
      intervalMs: options.tickMs,
      logger: options.logger,
      clock: options.clock,
      run: (signal) => this.tick(signal),
      onError: (err) => {
        this.failedTicks += 1;
        this.lastError = err instanceof Error ? err.message : String(err);
      },
    });
  }

  /** True between start() and stop(). */
  get running(): boolean {
    return this.loop.running;
  }

  /** Starts ticking (a no-op while running). */
  start(): void {
    this.loop.start();
  }

  /** Aborts the current tick (down to its agent calls and queries) and resolves once it has ended. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Counters since this loop was made. */
  stats(): SeedLoopStats {
    return { ticks: this.ticks, failedTicks: this.failedTicks, lastTick: this.lastTick, lastError: this.lastError };
  }

  private async tick(signal: AbortSignal): Promise<void> {
    const summary = await this.ticker.tick(signal);
    this.ticks += 1;
    this.lastTick = summary;
    this.lastError = null;
    this.options.onTick?.(summary);
  }
}

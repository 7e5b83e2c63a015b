import type { Clock } from '../../core/ports/clock.js';

interface Sleeper {
  readonly at: number;
  readonly resolve: () => void;
}

/** Lets every woken task run its continuation (store calls on fakes, the next sleep) before time moves on. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A Clock whose time moves only when the test advances it; sleeps on it wake in time order as it passes. */
export class ManualClock implements Clock {
  private mono = 0;
  private readonly sleepers = new Set<Sleeper>();

  constructor(private wall: number) {}

  // Arrow properties: core passes `clock.now` around unbound.
  readonly now = (): number => this.wall;

  readonly monotonic = (): number => this.mono;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = {
        at: this.mono + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers.delete(sleeper);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.add(sleeper);
    });
  };

  /** How many sleeps are pending. */
  get pending(): number {
    return this.sleepers.size;
  }

  /** Moves time forward by ms, waking each sleep at its time (earliest first) and letting it run before going on. */
  async advance(ms: number): Promise<void> {
    const target = this.mono + ms;
    await settle();
    for (;;) {
      const next = [...this.sleepers].filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.move(next.at);
      this.sleepers.delete(next);
      next.resolve();
      await settle();
    }
    this.move(target);
  }

  /** Advances time in steps of stepMs until the promise settles (bounded by maxMs of clock time), and returns it. */
  async advanceUntil<T>(promise: Promise<T>, stepMs: number, maxMs: number): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => (settled = true));
    for (let spent = 0; !settled && spent < maxMs; spent += stepMs) await this.advance(stepMs);
    return watched;
  }

  private move(mono: number): void {
    this.wall += mono - this.mono;
    this.mono = mono;
  }
}

import { setTimeout as systemSleep } from 'node:timers/promises';

/** The source of time for everything that decides on `now`; tests pass a fake. */
export interface Clock {
  /** Wall-clock epoch milliseconds: for timestamps that are stored, shown or compared with other hosts. */
  now(): number;
  /** Monotonic milliseconds from an arbitrary origin: for durations and deadlines (never jumps with NTP). */
  monotonic(): number;
  /**
   * Resolves once `ms` of this clock's monotonic time have passed (rejects with the signal's reason when it aborts
   * first). Optional: a clock without it waits on the system's timers (sleepOn), so a fake clock that only answers
   * now() keeps working; a fake that implements it drives every wait in core by hand.
   */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The system's clocks. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep: (ms: number, signal?: AbortSignal) => systemSleep(ms, undefined, signal ? { signal } : {}),
});

/** Waits `ms` on the clock's own timer, or on the system's when the clock has none; rejects when the signal aborts. */
export function sleepOn(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return clock.sleep ? clock.sleep(ms, signal) : systemClock.sleep!(ms, signal);
}

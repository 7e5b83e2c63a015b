/** The source of time for everything that decides on `now`; tests pass a fake. */
export interface Clock {
  /** Wall-clock epoch milliseconds: for timestamps that are stored, shown or compared with other hosts. */
  now(): number;
  /** Monotonic milliseconds from an arbitrary origin: for durations and deadlines (never jumps with NTP). */
  monotonic(): number;
}

/** The system's clocks. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now(), monotonic: () => performance.now() });

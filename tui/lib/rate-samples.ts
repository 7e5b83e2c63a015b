/** Recent (time, value) samples of a growing counter per key: a seed's bytes, a rollout's finished targets. */
export type RateSamples = ReadonlyMap<string, readonly { readonly at: number; readonly value: number }[]>;

/** How many samples a rate is measured over. */
export const RATE_SAMPLES = 6;

/**
 * Adds one sample per key (pure); a counter that went down (a new seed stage started over) restarts its samples,
 * and keys not given are dropped so finished work does not linger.
 */
export function appendRateSamples(samples: RateSamples, at: number, values: ReadonlyMap<string, number>, limit = RATE_SAMPLES): RateSamples {
  const next = new Map<string, readonly { at: number; value: number }[]>();
  for (const [key, value] of values) {
    const previous = samples.get(key) ?? [];
    const last = previous.at(-1);
    const kept = last !== undefined && value < last.value ? [] : last?.at === at ? previous.slice(0, -1) : previous;
    next.set(key, [...kept, { at, value }].slice(-limit));
  }
  return next;
}

/** Units per ms over the samples (first to last), or null with fewer than two samples or no time between them. */
export function ratePerMs(samples: readonly { readonly at: number; readonly value: number }[] | undefined): number | null {
  if (!samples || samples.length < 2) return null;
  const first = samples[0]!;
  const last = samples.at(-1)!;
  return last.at > first.at ? (last.value - first.value) / (last.at - first.at) : null;
}

import { InputError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses a duration such as "30m", "90s", "2h", "1d", "1h30m" into ms; anything else is an InputError. */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  const parts = [...trimmed.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  if (trimmed === '' || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new InputError(`malformed duration "${text}": expected a number with a unit (ms, s, m, h, d, w), e.g. 30m or 1h30m`, { input: text });
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
  if (ms <= 0 || !Number.isSafeInteger(ms)) throw new InputError(`duration "${text}" must be positive`, { input: text });
  return ms;
}

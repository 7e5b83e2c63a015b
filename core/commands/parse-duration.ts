import { InputError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The longest duration any flag takes unless it says less: a year. */
export const MAX_DURATION_MS = 365 * 86_400_000;

/**
 * Parses a duration such as "30m", "90s", "2h", "1d", "1h30m" into ms, at most maxMs; anything else (malformed,
 * zero, overflowing, longer than maxMs) is an InputError naming the flag and the value.
 */
export function parseDuration(text: string, flag = 'duration', maxMs = MAX_DURATION_MS): number {
  const trimmed = text.trim().toLowerCase();
  const parts = [...trimmed.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  const details = { flag, input: text };
  if (trimmed === '' || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new InputError(`malformed ${flag} "${text}": expected a number with a unit (ms, s, m, h, d, w), e.g. 30m or 1h30m`, details);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
  if (!Number.isSafeInteger(ms) || ms > maxMs) throw new InputError(`${flag} "${text}" is too long: at most ${describeDuration(maxMs)}`, { ...details, maxMs });
  if (ms <= 0) throw new InputError(`${flag} "${text}" must be positive`, details);
  return ms;
}

/** A duration in the largest whole unit that fits it exactly ("365d", "90m", "1500ms"). */
export function describeDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) if (ms % UNIT_MS[unit]! === 0) return `${ms / UNIT_MS[unit]!}${unit}`;
  return `${ms}ms`;
}

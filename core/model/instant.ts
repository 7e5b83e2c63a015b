/** The last epoch millisecond a JavaScript Date can hold (year 275760); anything beyond is no time at all. */
export const MAX_INSTANT_MS = 8_640_000_000_000_000;

/** True when ms is whole epoch milliseconds a Date can hold. */
export function isValidInstant(ms: number): boolean {
  return Number.isSafeInteger(ms) && Math.abs(ms) <= MAX_INSTANT_MS;
}

/** ISO 8601 text of an instant; a value no Date can hold is shown as itself instead of throwing. */
export function formatInstant(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_INSTANT_MS ? new Date(ms).toISOString() : `${ms} (not a valid time)`;
}

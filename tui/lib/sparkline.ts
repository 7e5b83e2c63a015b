const BARS = '▁▂▃▄▅▆▇█';

/** A one-cell-per-value trend of numbers (null drawn as a gap), scaled from 0 to the largest value. */
export function sparkline(values: readonly (number | null)[]): string {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return values
    .map((v) => {
      if (v === null) return ' ';
      if (max === 0) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))];
    })
    .join('');
}

import { formatAge } from '../../core/model/instance-problems.js';

/** A bar of width cells filled in proportion to fraction (clamped to 0..1), e.g. "████░░░░". */
export function progressBar(fraction: number, width: number): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(f * width);
  return '█'.repeat(filled) + '░'.repeat(Math.max(0, width - filled));
}

/** Time left at a rate of units per ms for the remaining units: "ETA 3m", or "ETA —" when the rate is unknown or zero. */
export function etaText(remaining: number, perMs: number | null): string {
  if (perMs === null || perMs <= 0 || !Number.isFinite(perMs)) return 'ETA —';
  return `ETA ${formatAge(Math.max(0, remaining) / perMs)}`;
}

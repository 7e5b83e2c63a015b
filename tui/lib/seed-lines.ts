import { formatAge } from '../../core/model/instance-problems.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { SEED_STAGES } from '../../core/seeds/seed-stage.js';
import type { Seed } from '../../core/seeds/seed.js';
import { byteSize } from '../../core/util/byte-size.js';
import type { StyledLine } from './styled-line.js';

/**
 * One row per active seed (pure): id, method, source -> target, stage and status, the stage's bytes, retries and the
 * latest error, so a copy in progress (or stuck, or retrying) is visible without leaving the dashboard.
 */
export function seedLines(seeds: readonly Seed[] | null, now: number): StyledLine[] {
  if (!seeds) return [];
  return seeds.map((seed) => {
    const retries = SEED_STAGES.reduce((sum, stage) => sum + seed.retries[stage], 0);
    const tone = seed.status === 'Error' || seed.status === 'Aborting' ? 'warning' : 'accent';
    const since = seed.startedAt === null ? 'not started' : `${formatAge(now - seed.startedAt)}`;
    const parts = [
      `seed ${seed.id} ${seed.method} ${formatInstanceKey(seed.source)} -> ${formatInstanceKey(seed.target)}`,
      `${seed.stage} ${seed.status}`,
      byteSize(seed.bytesCopied),
      since,
      ...(retries > 0 ? [`retries ${retries}`] : []),
    ];
    const error = seed.status === 'Error' && seed.error ? [{ text: `: ${seed.error}`, tone: 'warning' as const }] : [];
    return [{ text: parts.join(' · '), tone }, ...error];
  });
}

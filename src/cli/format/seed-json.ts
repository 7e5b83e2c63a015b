import type { SeedDetail } from '../../../core/commands/seed-detail.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { formatInstant } from '../../../core/model/instant.js';
import { SEED_STAGES } from '../../../core/seeds/seed-stage.js';
import type { SeedStateRow } from '../../../core/seeds/seed-transition.js';
import type { Seed } from '../../../core/seeds/seed.js';

/** One seed as `orc seed ... --json` and the API show it. */
export type SeedJson = ReturnType<typeof seedJson>;

/** One seed with its history, as `orc seed show --json` and GET /api/seeds/:id show it. */
export type SeedDetailJson = ReturnType<typeof seedDetailJson>;

/** A seed for --json: servers as "host:port", retries per stage and their total, times as ISO text. */
export function seedJson(s: Seed) {
  const retries: Record<string, number> = {};
  for (const stage of SEED_STAGES) retries[stage] = s.retries[stage];
  retries.total = SEED_STAGES.reduce((sum, stage) => sum + s.retries[stage], 0);
  return {
    id: s.id,
    method: s.method,
    source: formatInstanceKey(s.source),
    target: formatInstanceKey(s.target),
    stage: s.stage,
    status: s.status,
    retries,
    bytesCopied: s.bytesCopied,
    abortRequested: s.abortRequested,
    createdAt: formatInstant(s.createdAt),
    startedAt: s.startedAt === null ? null : formatInstant(s.startedAt),
    endedAt: s.endedAt === null ? null : formatInstant(s.endedAt),
    updatedAt: formatInstant(s.updatedAt),
    error: s.error,
  };
}

/** One history row for --json. */
export function seedStateJson(row: SeedStateRow) {
  return { at: formatInstant(row.at), agent: row.agent, stage: row.stage, status: row.status, details: row.details };
}

/** A seed and its timeline for --json. */
export function seedDetailJson(detail: SeedDetail) {
  return { ...seedJson(detail.seed), history: detail.history.map(seedStateJson) };
}

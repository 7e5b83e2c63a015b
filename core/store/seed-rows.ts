import type { Selectable } from 'kysely';
import { StoreError } from '../errors.js';
import { isSeedMethod } from '../seeds/seed-method.js';
import { isSeedStage, SEED_STAGES } from '../seeds/seed-stage.js';
import { isSeedStatus } from '../seeds/seed-status.js';
import type { SeedStateRow } from '../seeds/seed-transition.js';
import type { Seed, SeedRetries } from '../seeds/seed.js';
import type { SeedStatesTable, SeedsTable } from './schema.js';
import { keyColumns, numberColumn } from './store-values.js';

function nullableNumber(value: unknown, column: string): number | null {
  return value === null ? null : numberColumn(value, column);
}

function retriesOf(text: string, id: string): SeedRetries {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const out: Record<string, number> = {};
  for (const stage of SEED_STAGES) {
    const n = (parsed as Record<string, unknown> | null)?.[stage];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new StoreError(`store: seed ${id} has unreadable retries`, { seed: id });
    out[stage] = n;
  }
  return out as SeedRetries;
}

/** The columns of a seed's current state (what updateSeed writes). */
export function seedStateColumns(seed: Seed) {
  return {
    stage: seed.stage,
    status: seed.status,
    retries: JSON.stringify(seed.retries),
    bytes_copied: seed.bytesCopied,
    progress_at: seed.progressAt,
    started_at: seed.startedAt,
    ended_at: seed.endedAt,
    updated_at: seed.updatedAt,
    error: seed.error,
  };
}

/** Every column of a new seed row, hosts lower-cased. */
export function seedColumns(seed: Seed): SeedsTable {
  const source = keyColumns(seed.source);
  const target = keyColumns(seed.target);
  return {
    id: seed.id,
    method: seed.method,
    source_host: source.host,
    source_port: source.port,
    target_host: target.host,
    target_port: target.port,
    abort_requested: seed.abortRequested ? 1 : 0,
    created_at: seed.createdAt,
    ...seedStateColumns(seed),
  };
}

/** A seed read back; a value orc does not know is a StoreError naming the seed. */
export function seedOfRow(row: Selectable<SeedsTable>): Seed {
  const { id } = row;
  if (!isSeedMethod(row.method) || !isSeedStage(row.stage) || !isSeedStatus(row.status)) {
    throw new StoreError(`store: seed ${id} has an unknown method, stage or status (${row.method}, ${row.stage}, ${row.status})`, { seed: id });
  }
  return {
    id,
    method: row.method,
    source: { host: row.source_host, port: numberColumn(row.source_port, 'orc_seeds.source_port') },
    target: { host: row.target_host, port: numberColumn(row.target_port, 'orc_seeds.target_port') },
    stage: row.stage,
    status: row.status,
    retries: retriesOf(row.retries, id),
    bytesCopied: numberColumn(row.bytes_copied, 'orc_seeds.bytes_copied'),
    progressAt: nullableNumber(row.progress_at, 'orc_seeds.progress_at'),
    abortRequested: numberColumn(row.abort_requested, 'orc_seeds.abort_requested') === 1,
    createdAt: numberColumn(row.created_at, 'orc_seeds.created_at'),
    startedAt: nullableNumber(row.started_at, 'orc_seeds.started_at'),
    endedAt: nullableNumber(row.ended_at, 'orc_seeds.ended_at'),
    updatedAt: numberColumn(row.updated_at, 'orc_seeds.updated_at'),
    error: row.error,
  };
}

/** A state row read back. */
export function seedStateOfRow(row: Selectable<SeedStatesTable>): SeedStateRow {
  if (!isSeedStage(row.stage) || !isSeedStatus(row.status) || (row.agent !== null && row.agent !== 'source' && row.agent !== 'target')) {
    throw new StoreError(`store: a state row of seed ${row.seed_id} has an unknown stage, status or agent`, { seed: row.seed_id });
  }
  return { seedId: row.seed_id, at: numberColumn(row.at, 'orc_seed_states.at'), agent: row.agent, stage: row.stage, status: row.status, details: row.details };
}

import { InputError } from '../errors.js';
import type { InstanceKey } from '../model/instance-key.js';
import { checkSeed } from '../seeds/check-seed-tick.js';
import { isSeedStage } from '../seeds/seed-stage.js';
import { isSeedStatus } from '../seeds/seed-status.js';
import type { SeedStateRow } from '../seeds/seed-transition.js';
import type { Seed } from '../seeds/seed.js';
import { HOST_LENGTH, ID_LENGTH } from './schema.js';
import { epochMs, keyText } from './store-values.js';

const AGENTS: ReadonlySet<unknown> = new Set([null, 'source', 'target']);

function checkKey(key: InstanceKey, field: string): void {
  keyText(key.host, HOST_LENGTH, `${field} host`);
  if (!Number.isSafeInteger(key.port) || key.port < 1 || key.port > 65535) throw new InputError(`store: ${field} port must be 1 to 65535, got ${key.port}`, { field });
}

/** Checks a seed before it is written, the same way in every SeedStore (SQL and in-memory). */
export function checkStoredSeed(seed: Seed): void {
  keyText(seed.id, ID_LENGTH, 'seed id');
  checkSeed(seed);
  checkKey(seed.source, 'seed source');
  checkKey(seed.target, 'seed target');
}

/** Checks a seed state row before it is appended. */
export function checkSeedStateRow(row: SeedStateRow): void {
  keyText(row.seedId, ID_LENGTH, 'seed id');
  epochMs(row.at, 'seed state at');
  if (!isSeedStage(row.stage)) throw new InputError(`store: seed state of unknown stage "${String(row.stage)}"`, { seed: row.seedId });
  if (!isSeedStatus(row.status)) throw new InputError(`store: seed state of unknown status "${String(row.status)}"`, { seed: row.seedId });
  if (!AGENTS.has(row.agent)) throw new InputError(`store: seed state of unknown agent "${String(row.agent)}"`, { seed: row.seedId });
}

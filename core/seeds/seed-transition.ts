import type { InstanceKey } from '../model/instance-key.js';
import type { SeedSide } from './seed-method.js';
import type { SeedStage } from './seed-stage.js';
import type { SeedStatus } from './seed-status.js';
import type { Seed } from './seed.js';

/**
 * One thing the executor does for a tick, in order. call-stage, abort (except best-effort ones) and connect-replica
 * decide the outcome: if one fails, the executor persists seedStepFailed(...) instead of the transition's seed.
 * cleanup and the downtime actions are best effort: a failure is recorded, the outcome stands.
 */
export type SeedAction =
  | { readonly kind: 'begin-downtime'; readonly instance: InstanceKey; readonly until: number; readonly reason: string }
  | { readonly kind: 'call-stage'; readonly agent: SeedSide; readonly stage: SeedStage }
  | { readonly kind: 'connect-replica' }
  | { readonly kind: 'abort'; readonly agent: SeedSide; readonly stage: SeedStage; readonly bestEffort: boolean }
  | { readonly kind: 'cleanup'; readonly agent: SeedSide }
  | { readonly kind: 'end-downtime'; readonly instance: InstanceKey };

/** An append-only history row of a seed (orc_seed_states): agent null when orc itself acted. */
export interface SeedStateRow {
  readonly seedId: string;
  readonly at: number;
  readonly agent: SeedSide | null;
  readonly stage: SeedStage;
  readonly status: SeedStatus;
  readonly details: string;
}

/** What a tick decided: the seed to persist if the deciding actions succeed, the actions, and the history row (null when nothing changed). */
export interface SeedTransition {
  readonly seed: Seed;
  readonly actions: readonly SeedAction[];
  readonly row: SeedStateRow | null;
}

/** A state row of seed as it is after a change. */
export function stateRow(seed: Seed, at: number, details: string, agent: SeedSide | null = null): SeedStateRow {
  return { seedId: seed.id, at, agent, stage: seed.stage, status: seed.status, details };
}

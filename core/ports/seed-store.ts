import type { LeaseToken } from './leader-lease.js';
import type { SeedStage } from '../seeds/seed-stage.js';
import type { SeedStatus } from '../seeds/seed-status.js';
import type { SeedStateRow } from '../seeds/seed-transition.js';
import type { Seed } from '../seeds/seed.js';

/** Where the writer last saw a seed: updateSeed only writes while the stored seed is still there. */
export interface SeedExpectation {
  readonly status: SeedStatus;
  readonly stage: SeedStage;
}

/** Persistence of seeds (one current row each) and their append-only state history. */
export interface SeedStore {
  /** Stores a new seed; a second seed with the same id is refused (StoreError). */
  createSeed(seed: Seed): Promise<void>;
  getSeed(id: string): Promise<Seed | undefined>;
  /** Newest first; active keeps only Scheduled, Running, Error and Aborting seeds. */
  listSeeds(options?: { active?: boolean; limit?: number }): Promise<Seed[]>;
  /**
   * Compare-and-set: writes seed's state (all but id, method, ends, createdAt and the abort flag) only while the
   * stored seed has the expected status and stage; false (nothing written) when another writer moved it first. With
   * a lease token (the leader's seed loop), the write happens only while the token holds: else RefusedError
   * orc_deposed and nothing written.
   */
  updateSeed(seed: Seed, expected: SeedExpectation, lease?: LeaseToken): Promise<boolean>;
  /** Sets the operator's abort flag of an active seed (the next tick aborts it); false when the seed is unknown or ended. */
  requestSeedAbort(id: string, at: number): Promise<boolean>;
  /** Appends a history row; with a lease token, only while it holds (else RefusedError orc_deposed, nothing written). */
  appendSeedState(row: SeedStateRow, lease?: LeaseToken): Promise<void>;
  /** A seed's history, oldest first (rows of the same millisecond in append order). */
  listSeedStates(seedId: string): Promise<SeedStateRow[]>;
}

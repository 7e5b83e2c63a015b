import { StoreError } from '../../core/errors.js';
import type { LeaseToken } from '../../core/ports/leader-lease.js';
import type { SeedExpectation, SeedStore } from '../../core/ports/seed-store.js';
import { isActiveSeedStatus } from '../../core/seeds/seed-status.js';
import type { SeedStateRow } from '../../core/seeds/seed-transition.js';
import type { Seed } from '../../core/seeds/seed.js';
import { checkSeedStateRow, checkStoredSeed } from '../../core/store/seed-store-inputs.js';
import { checkLeaseToken } from '../../core/store/lease-queries.js';
import { ID_LENGTH } from '../../core/store/schema.js';
import { seedLeaseLost } from '../../core/store/seed-lease-lost.js';
import { epochMs, keyText, positiveLimit } from '../../core/store/store-values.js';
import { storedKey } from './memory-recovery-store.js';

/** The SeedStore port in memory with the SQL stores' semantics (shared checks, compare-and-set, newest first, copies in and out); MemoryStore delegates to it. */
export class MemorySeedStore implements SeedStore {
  private readonly seeds = new Map<string, Seed>();
  private readonly states: SeedStateRow[] = [];
  private readonly assertOpen: () => void;
  private readonly leaseHolds: (token: LeaseToken) => boolean;

  /** assertOpen throws once the owning store is closed; leaseHolds says whether a fencing token still holds (every token, alone). */
  constructor(assertOpen: () => void, leaseHolds: (token: LeaseToken) => boolean = () => true) {
    this.assertOpen = assertOpen;
    this.leaseHolds = leaseHolds;
  }

  async createSeed(seed: Seed): Promise<void> {
    this.assertOpen();
    checkStoredSeed(seed);
    if (this.seeds.has(seed.id)) throw new StoreError(`store: seed ${seed.id} already exists`, { seed: seed.id });
    this.seeds.set(seed.id, { ...structuredClone(seed), source: storedKey(seed.source), target: storedKey(seed.target) });
  }

  async getSeed(id: string): Promise<Seed | undefined> {
    this.assertOpen();
    const seed = this.seeds.get(id);
    return seed && structuredClone(seed);
  }

  async listSeeds(options: { active?: boolean; limit?: number } = {}): Promise<Seed[]> {
    this.assertOpen();
    const limit = options.limit === undefined ? Infinity : positiveLimit(options.limit, 'seed list');
    return [...this.seeds.values()]
      .filter((s) => !options.active || isActiveSeedStatus(s.status))
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, limit)
      .map((s) => structuredClone(s));
  }

  async updateSeed(seed: Seed, expected: SeedExpectation, lease?: LeaseToken): Promise<boolean> {
    this.assertOpen();
    checkStoredSeed(seed);
    this.fence(seed.id, lease);
    const stored = this.seeds.get(seed.id);
    if (!stored || stored.status !== expected.status || stored.stage !== expected.stage) return false;
    const { stage, status, retries, bytesCopied, progressAt, startedAt, endedAt, updatedAt, error } = structuredClone(seed);
    this.seeds.set(seed.id, { ...stored, stage, status, retries, bytesCopied, progressAt, startedAt, endedAt, updatedAt, error });
    return true;
  }

  async requestSeedAbort(id: string, at: number): Promise<boolean> {
    this.assertOpen();
    keyText(id, ID_LENGTH, 'seed id');
    epochMs(at, 'at');
    const stored = this.seeds.get(id);
    if (!stored || !isActiveSeedStatus(stored.status)) return false;
    this.seeds.set(id, { ...stored, abortRequested: true, updatedAt: at });
    return true;
  }

  async appendSeedState(row: SeedStateRow, lease?: LeaseToken): Promise<void> {
    this.assertOpen();
    checkSeedStateRow(row);
    this.fence(row.seedId, lease);
    this.states.push(structuredClone(row));
  }

  async listSeedStates(seedId: string): Promise<SeedStateRow[]> {
    this.assertOpen();
    return this.states.filter((r) => r.seedId === seedId).map((r) => structuredClone(r));
  }

  /** Refuses a fenced write (orc_deposed) whose token no longer holds, as the SQL stores' transaction does. */
  private fence(seedId: string, lease: LeaseToken | undefined): void {
    if (!lease) return;
    checkLeaseToken(lease);
    if (!this.leaseHolds(lease)) throw seedLeaseLost(seedId, lease);
  }
}

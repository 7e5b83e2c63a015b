import { errorLine, OrcError } from '../errors.js';
import { runLimited } from '../util/run-limited.js';
import type { SeedTickerDeps } from './seed-ticker-deps.js';
import type { Seed } from './seed.js';
import { tickSeed } from './tick-seed.js';

/** How many seeds one tick works on at once (each seed waits on its agents and, in ConnectReplica, its target). */
export const SEED_TICK_CONCURRENCY = 4;

/** What one tick over the active seeds did. */
export interface SeedTickSummary {
  /** When the tick started (wall clock). */
  readonly at: number;
  /** Whether it ran: false when this orc was not leader (or no longer held its lease), nothing was read or done. */
  readonly ran: boolean;
  /** Active seeds it looked at. */
  readonly seeds: number;
  readonly moved: number;
  /** Seeds whose tick failed (the error is logged; the other seeds went on). */
  readonly failed: number;
}

/**
 * One tick over every active seed (the leader's seed loop runs it): each seed independently and a few at once,
 * one seed's failure logged and never stopping the others; once a write is refused as deposed, the seeds not yet
 * started are left to the new leader.
 */
export class SeedTicker {
  /** The latest error per seed, so a seed failing the same way every tick is logged at error once. */
  private readonly errors = new Map<string, string>();

  constructor(private readonly deps: SeedTickerDeps) {}

  /** Ticks every active seed once; rejects only when the active seeds cannot be listed (the store is down). */
  async tick(signal: AbortSignal): Promise<SeedTickSummary> {
    const { clock, leadership, store, logger } = this.deps;
    const at = clock.now();
    const lease = leadership.mayAct() ? leadership.token() : null;
    if (!lease || !(await store.leaseTokenValid(lease))) return { at, ran: false, seeds: 0, moved: 0, failed: 0 };
    const seeds = await store.listSeeds({ active: true });
    let moved = 0;
    let failed = 0;
    let deposed = false;
    await runLimited(seeds, SEED_TICK_CONCURRENCY, async (seed) => {
      if (deposed || signal.aborted || !leadership.mayAct()) return;
      try {
        if ((await tickSeed(seed, this.deps, lease, signal)) === 'moved') moved += 1;
        this.errors.delete(seed.id);
      } catch (err) {
        failed += 1;
        if (err instanceof OrcError && err.code === 'orc_deposed') {
          deposed = true;
          logger.warn({ seed: seed.id, err: errorLine(err) }, 'seed write refused: this orc no longer leads; seeds left to the new leader');
        } else this.logFailure(seed, err);
      }
    });
    for (const id of this.errors.keys()) if (!seeds.some((s) => s.id === id)) this.errors.delete(id);
    return { at, ran: true, seeds: seeds.length, moved, failed };
  }

  private logFailure(seed: Seed, err: unknown): void {
    const line = errorLine(err);
    const level = this.errors.get(seed.id) === line ? 'debug' : 'error';
    this.errors.set(seed.id, line);
    this.deps.logger[level]({ seed: seed.id, stage: seed.stage, status: seed.status, err: line }, 'seed tick failed');
  }
}

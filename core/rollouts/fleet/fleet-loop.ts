import { errorLine, OrcError } from '../../errors.js';
import { SupervisedLoop } from '../../util/supervised-loop.js';
import type { FleetTickDeps } from './fleet-tick-deps.js';
import { tickFleetRollout } from './tick-fleet-rollout.js';

/** What one tick over the active fleet rollouts did. */
export interface FleetTickSummary {
  readonly at: number;
  /** False when this orc was not leader (or its lease no longer held): nothing was read or done. */
  readonly ran: boolean;
  readonly rollouts: number;
  /** Rollouts whose tick changed or restored a server. */
  readonly moved: number;
  /** Rollouts whose tick failed (logged; the others went on). */
  readonly failed: number;
}

/** The fleet loop's options: the tick's ports and its period. */
export interface FleetLoopOptions extends FleetTickDeps {
  readonly tickMs: number;
  readonly onTick?: (summary: FleetTickSummary) => void;
}

/**
 * The leader's fleet rollout loop: a SupervisedLoop (no overlapping ticks, awaited stop, the signal down to every
 * query) stepping every active fleet rollout each tickMs, one at a time; one rollout's failure is logged and the
 * others go on; a write refused as deposed leaves the rest to the new leader. A restarted leader picks every
 * rollout up from the store where it was left.
 */
export class FleetLoop {
  private readonly loop: SupervisedLoop;
  private readonly errors = new Map<string, string>();
  private lastTick: FleetTickSummary | null = null;

  constructor(private readonly options: FleetLoopOptions) {
    this.loop = new SupervisedLoop({
      name: 'rollouts',
      intervalMs: options.tickMs,
      logger: options.logger,
      clock: options.clock,
      run: async (signal) => {
        this.lastTick = await this.tick(signal);
        options.onTick?.(this.lastTick);
      },
    });
  }

  /** True between start() and stop(). */
  get running(): boolean {
    return this.loop.running;
  }

  /** Starts ticking (a no-op while running). */
  start(): void {
    this.loop.start();
  }

  /** Aborts the current tick and resolves once it has ended. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** The latest tick's summary (null before the first). */
  latest(): FleetTickSummary | null {
    return this.lastTick;
  }

  /** Steps every active fleet rollout once; rejects only when they cannot be listed (the store is down). */
  async tick(signal: AbortSignal): Promise<FleetTickSummary> {
    const { clock, leadership, store, logger } = this.options;
    const at = clock.now();
    const lease = leadership.mayAct() ? leadership.token() : null;
    if (!lease || !(await store.leaseTokenValid(lease))) return { at, ran: false, rollouts: 0, moved: 0, failed: 0 };
    const fleets = await store.listFleetRollouts({ active: true });
    let moved = 0;
    let failed = 0;
    for (const fleet of fleets) {
      if (signal.aborted || !leadership.mayAct()) break;
      try {
        if (await tickFleetRollout(fleet, this.options, lease, signal)) moved += 1;
        this.errors.delete(fleet.id);
      } catch (err) {
        failed += 1;
        if (err instanceof OrcError && err.code === 'orc_deposed') {
          logger.warn({ rollout: fleet.id, err: errorLine(err) }, 'rollout write refused: this orc no longer leads; rollouts left to the new leader');
          break;
        }
        const line = errorLine(err);
        // A rollout failing the same way every tick is logged at error once, then at debug.
        if (this.errors.get(fleet.id) !== line) logger.error({ rollout: fleet.id, err: line }, 'fleet rollout tick failed');
        else logger.debug({ rollout: fleet.id, err: line }, 'fleet rollout tick failed again');
        this.errors.set(fleet.id, line);
      }
    }
    return { at, ran: true, rollouts: fleets.length, moved, failed };
  }
}

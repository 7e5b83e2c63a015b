import { errorLine } from '../errors.js';
import type { OrcNode, OrcNodeRole } from '../model/orc-node.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import { untilAborted } from '../util/until-aborted.js';
import { SupervisedLoop } from '../util/supervised-loop.js';

/** How long a node row is kept after its service was last seen (a restart starts a new row under a new holder). */
export const NODE_FORGET_AFTER_MS = 24 * 3_600_000;

/** How often a service looks for rows to forget: rows a day old need no per-second DELETE on the shared store. */
export const NODE_FORGET_EVERY_MS = 10 * 60_000;

/** What a node heartbeat writes and how often. */
export interface NodeHeartbeatOptions {
  readonly store: Pick<Store, 'recordNodeHeartbeat' | 'forgetNodes'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Who this service is; startedAt and lastSeenAt are filled in. */
  readonly identity: Pick<OrcNode, 'holder' | 'host' | 'pid' | 'version'>;
  /** The election's renew interval: a row is written as often as the election takes a round. */
  readonly intervalMs: number;
  /** The role at the moment of each beat. */
  readonly role: () => OrcNodeRole;
}

/**
 * Writes this service's health row (host, version, started, last seen, role) every intervalMs and, every
 * NODE_FORGET_EVERY_MS, forgets rows of services gone for NODE_FORGET_AFTER_MS; a failed write is logged and tried
 * again at the next beat.
 */
export class NodeHeartbeat {
  private readonly loop: SupervisedLoop;
  private startedAt = 0;
  private forgotAt = -Infinity;

  constructor(private readonly options: NodeHeartbeatOptions) {
    this.loop = new SupervisedLoop({ name: 'node-heartbeat', intervalMs: options.intervalMs, logger: options.logger, clock: options.clock, run: (s) => this.beat(s) });
  }

  /** Writes a first row, then keeps beating in the background. */
  async start(startedAt: number): Promise<void> {
    this.startedAt = startedAt;
    await this.beat(new AbortController().signal);
    this.loop.start();
  }

  /** Stops beating; the row stays, and ages into "stale" for whoever lists the nodes. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Writes the row once with the current role and time. */
  async beat(signal: AbortSignal): Promise<void> {
    const { store, clock, identity } = this.options;
    const now = clock.now();
    try {
      await untilAborted(store.recordNodeHeartbeat({ ...identity, startedAt: this.startedAt, lastSeenAt: now, role: this.options.role() }), signal);
      if (now - this.forgotAt >= NODE_FORGET_EVERY_MS) {
        await untilAborted(store.forgetNodes(now - NODE_FORGET_AFTER_MS), signal);
        this.forgotAt = now;
      }
    } catch (err) {
      if (!signal.aborted) this.options.logger.warn({ holder: identity.holder, err: errorLine(err) }, 'node heartbeat failed');
    }
  }
}

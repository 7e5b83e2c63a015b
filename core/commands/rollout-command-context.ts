import type { RolloutStore } from '../ports/rollout-store.js';
import { RolloutEngine } from '../rollouts/rollout-engine.js';
import type { CommandContext } from './command-context.js';

/** What rollout commands run against: a store that keeps rollouts, and the process's engine when it keeps one (orc serve). */
export interface RolloutCommandContext extends CommandContext {
  readonly store: CommandContext['store'] & RolloutStore;
  /** The long-lived engine (it keeps the targets it read between calls); a fresh one per command when absent. */
  readonly rollouts?: RolloutEngine;
}

/** The context's engine, or one over its store and clock. */
export function rolloutEngine(ctx: Pick<RolloutCommandContext, 'store' | 'clock' | 'rollouts'>): RolloutEngine {
  return ctx.rollouts ?? new RolloutEngine({ store: ctx.store, clock: ctx.clock });
}

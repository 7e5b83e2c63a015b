import type { RolloutStore } from '../ports/rollout-store.js';
import { RolloutEngine } from '../rollouts/rollout-engine.js';
import type { CommandContext } from './command-context.js';

/** What rollout commands run against: a store that keeps rollouts. */
export interface RolloutCommandContext extends CommandContext {
  readonly store: CommandContext['store'] & RolloutStore;
}

/** The rollout engine over the context's store and clock. */
export function rolloutEngine(ctx: Pick<RolloutCommandContext, 'store' | 'clock'>): RolloutEngine {
  return new RolloutEngine({ store: ctx.store, clock: ctx.clock });
}

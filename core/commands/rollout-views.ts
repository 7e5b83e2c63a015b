import type { Rollout } from '../rollouts/rollout.js';
import type { RolloutKey } from '../rollouts/rollout-key.js';
import type { RolloutPlan } from '../rollouts/plan-rollout.js';
import type { RolloutTarget } from '../rollouts/rollout-target.js';
import { rolloutEngine, type RolloutCommandContext } from './rollout-command-context.js';

/** What `orc rollout show` and GET /api/rollouts/NS/ENTITY read: the rollout (orc_unknown_rollout when none), optionally its targets of one group and its plan. */
export interface RolloutViews {
  rollout(key: RolloutKey): Promise<Rollout>;
  list(namespace?: string): Promise<Rollout[]>;
  targets(key: RolloutKey, group?: string): Promise<RolloutTarget[]>;
  plan(key: RolloutKey): Promise<RolloutPlan>;
}

/** The read-only rollout commands over the context. */
export function rolloutViews(ctx: Pick<RolloutCommandContext, 'store' | 'clock'>): RolloutViews {
  const engine = rolloutEngine(ctx);
  return {
    rollout: (key) => engine.get(key),
    list: (namespace) => engine.list(namespace),
    targets: (key, group) => engine.targets(key, group),
    plan: (key) => engine.plan(key),
  };
}

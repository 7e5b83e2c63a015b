import type { FleetRollout } from '../rollouts/fleet/fleet-rollout.js';
import { FLEET_NAMESPACE } from '../rollouts/fleet/fleet-rollout.js';
import type { Rollout } from '../rollouts/rollout.js';
import { parseRolloutId } from '../rollouts/rollout-id.js';
import type { RolloutTarget } from '../rollouts/rollout-target.js';
import type { FleetCommandContext } from './start-fleet-rollout.js';
import { rolloutViews } from './rollout-views.js';

/** What `orc rollout show ID` shows: the engine rollout, its targets and, for orc's fleet rollouts, the fleet record. */
export interface RolloutDetail {
  readonly id: string;
  readonly rollout: Rollout;
  readonly targets: readonly RolloutTarget[];
  readonly fleet: FleetRollout | null;
}

/** One rollout by id (a single token for orc's fleet rollouts, NAMESPACE/ENTITY for others); orc_unknown_rollout when none. */
export async function rolloutDetail(ctx: Pick<FleetCommandContext, 'store' | 'clock' | 'rollouts'>, id: string): Promise<RolloutDetail> {
  const key = parseRolloutId(id);
  const views = rolloutViews(ctx);
  const rollout = await views.rollout(key);
  const targets = await views.targets(key);
  const fleet = key.namespace === FLEET_NAMESPACE ? ((await ctx.store.getFleetRollout(key.entity)) ?? null) : null;
  return { id, rollout, targets, fleet };
}

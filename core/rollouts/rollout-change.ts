import type { Rollout } from './rollout.js';
import type { RolloutEvent } from './rollout-event.js';

/** What an operator's control did to a rollout: the rollout to store (the same object when nothing changed) and its events. */
export interface RolloutChange {
  readonly rollout: Rollout;
  readonly events: readonly RolloutEvent[];
}

/** No change: the rollout as it was, no events. */
export function unchanged(rollout: Rollout): RolloutChange {
  return { rollout, events: [] };
}

/** The fields every event of rollout at now carries. */
export function eventBase(rollout: Rollout, now: number): { namespace: string; entity: string; at: number; version: string } {
  return { namespace: rollout.namespace, entity: rollout.entity, at: now, version: rollout.rollingVersion };
}

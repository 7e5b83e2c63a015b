import { FLEET_NAMESPACE } from './fleet/fleet-rollout.js';
import { checkRolloutKey, type RolloutKey } from './rollout-key.js';

/**
 * The key of a rollout id as operators type it: a single token (orc's fleet rollouts, namespace orc) or
 * NAMESPACE/ENTITY (any other); InputError naming the part that is wrong.
 */
export function parseRolloutId(id: string): RolloutKey {
  const at = typeof id === 'string' ? id.indexOf('/') : -1;
  return checkRolloutKey(at < 0 ? { namespace: FLEET_NAMESPACE, entity: id } : { namespace: id.slice(0, at), entity: id.slice(at + 1) });
}

/** The id operators type for a rollout: the entity alone in namespace orc, else NAMESPACE/ENTITY. */
export function formatRolloutId(key: RolloutKey): string {
  return key.namespace === FLEET_NAMESPACE ? key.entity : `${key.namespace}/${key.entity}`;
}

import { RefusedError } from '../errors.js';
import type { LeaseToken } from '../ports/leader-lease.js';
import { formatRolloutKey, type RolloutKey } from '../rollouts/rollout-key.js';

/** The refusal of a fenced rollout write whose leader's token no longer holds: another orc leads (and steps rollouts) now. */
export function rolloutLeaseLost(key: RolloutKey, token: LeaseToken): RefusedError {
  const rollout = formatRolloutKey(key);
  return new RefusedError('orc_deposed', `rollout ${rollout}: lease ${token.name} epoch ${token.epoch} of ${token.holder} no longer holds; another orc leads now`, {
    rollout,
    lease: token.name,
    epoch: token.epoch,
  });
}

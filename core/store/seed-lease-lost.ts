import { RefusedError } from '../errors.js';
import type { LeaseToken } from '../ports/leader-lease.js';

/** The refusal of a fenced seed write whose leader's token no longer holds: another orc leads (and ticks seeds) now. */
export function seedLeaseLost(seedId: string, token: LeaseToken): RefusedError {
  return new RefusedError('orc_deposed', `seed ${seedId}: lease ${token.name} epoch ${token.epoch} of ${token.holder} no longer holds; another orc leads now`, {
    seed: seedId,
    lease: token.name,
    epoch: token.epoch,
  });
}

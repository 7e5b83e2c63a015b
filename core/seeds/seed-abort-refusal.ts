import { isActiveSeedStatus } from './seed-status.js';
import type { Seed } from './seed.js';

/** Why an operator may not abort seed (it already ended), or null when the abort may be requested. */
export function seedAbortRefusal(seed: Seed): string | null {
  return isActiveSeedStatus(seed.status) ? null : `seed ${seed.id} is ${seed.status}: only an active seed can be aborted`;
}

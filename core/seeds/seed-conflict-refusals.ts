import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { MaintenanceLock } from '../ports/recovery-store.js';
import type { Seed } from './seed.js';

/** Why a seed may not start besides the pre-seed checks: what orc itself is doing with its servers. */
export interface SeedConflictRefusal {
  readonly code: 'target-in-seed' | 'source-in-seed' | 'target-locked';
  readonly message: string;
}

/**
 * The refusals of a new seed from what the store holds (pure): the target takes part in an active seed, the source
 * is being seeded itself, or the target is under a maintenance lock (a topology change or recovery runs on it).
 */
export function seedConflictRefusals(input: {
  readonly source: InstanceKey;
  readonly target: InstanceKey;
  readonly activeSeeds: readonly Seed[];
  readonly locks: readonly MaintenanceLock[];
}): SeedConflictRefusal[] {
  const out: SeedConflictRefusal[] = [];
  const target = formatInstanceKey(input.target);
  for (const s of input.activeSeeds) {
    const role = sameInstance(s.target, input.target) ? 'target' : sameInstance(s.source, input.target) ? 'source' : null;
    if (role) out.push({ code: 'target-in-seed', message: `the target ${target} is the ${role} of active seed ${s.id} (${s.status} ${s.stage})` });
  }
  for (const s of input.activeSeeds) {
    if (sameInstance(s.target, input.source)) {
      out.push({ code: 'source-in-seed', message: `the source ${formatInstanceKey(input.source)} is being seeded by active seed ${s.id} (${s.status} ${s.stage})` });
    }
  }
  for (const l of input.locks) {
    if (sameInstance(l.instance, input.target)) out.push({ code: 'target-locked', message: `the target ${target} is under a maintenance lock held by ${l.owner}: ${l.reason}` });
  }
  return out;
}

import { sameInstance, type InstanceKey } from '../model/instance-key.js';
import { formatInstant } from '../model/instant.js';
import type { RecoveryStore } from '../ports/recovery-store.js';
import type { Seed } from './seed.js';

/** The owner of the downtime windows the seed loop takes on seed targets. */
export const SEED_DOWNTIME_OWNER = 'orc seed';

type DowntimeStore = Pick<RecoveryStore, 'beginDowntime' | 'endDowntime' | 'listDowntime'>;

/** The reason of the downtime a seed takes on its target (the one scheduledTick names). */
export function seedDowntimeReason(seed: Seed): string {
  return `seed ${seed.id}`;
}

async function currentWindow(store: DowntimeStore, instance: InstanceKey, now: number) {
  return (await store.listDowntime(now)).find((d) => sameInstance(d.instance, instance));
}

/**
 * Puts the seed's target in downtime until `until`, unless someone else's window already lasts at least as long
 * (it is kept: ending ours later must not lift theirs); returns the history note.
 */
export async function beginSeedDowntime(store: DowntimeStore, instance: InstanceKey, until: number, reason: string, now: number): Promise<string> {
  const existing = await currentWindow(store, instance, now);
  if (existing && existing.reason !== reason && existing.until >= until) {
    return `target already in downtime by ${existing.owner} until ${formatInstant(existing.until)} (${existing.reason}); kept`;
  }
  await store.beginDowntime({ instance, owner: SEED_DOWNTIME_OWNER, reason, beganAt: now, until });
  return `target in downtime until ${formatInstant(until)} (${reason})`;
}

/** Takes the seed's target out of downtime, only when the window is still the one this seed began; returns the history note. */
export async function endSeedDowntime(store: DowntimeStore, seed: Seed, instance: InstanceKey, now: number): Promise<string> {
  const existing = await currentWindow(store, instance, now);
  if (!existing) return 'target had no downtime left to end';
  if (existing.owner !== SEED_DOWNTIME_OWNER || existing.reason !== seedDowntimeReason(seed)) {
    return `target downtime kept: it is ${existing.owner}'s until ${formatInstant(existing.until)} (${existing.reason})`;
  }
  await store.endDowntime(instance);
  return 'target out of downtime';
}

/** The statuses of a seed. */
export const SEED_STATUSES = ['Scheduled', 'Running', 'Completed', 'Error', 'Failed', 'Aborting'] as const;

/** Where a seed is within its current stage (Completed and Failed are final). */
export type SeedStatus = (typeof SEED_STATUSES)[number];

/** A status that still needs ticks. */
export type ActiveSeedStatus = Exclude<SeedStatus, 'Completed' | 'Failed'>;

/** True when text names a seed status. */
export function isSeedStatus(text: unknown): text is SeedStatus {
  return typeof text === 'string' && (SEED_STATUSES as readonly string[]).includes(text);
}

/** True while a seed still needs ticks: Scheduled, Running, Error or Aborting. */
export function isActiveSeedStatus(status: SeedStatus): status is ActiveSeedStatus {
  return status !== 'Completed' && status !== 'Failed';
}

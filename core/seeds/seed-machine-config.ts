/** The policy of the seed transition (validated once where config is parsed). */
export interface SeedMachineConfig {
  /** Retries allowed per stage before the seed fails (MaxRetriesForSeedStage, 3 in the reference). */
  readonly maxRetriesPerStage: number;
  /** A Backup or Restore whose bytes have not grown for this long is aborted and set to Error (SeedBackupStaleFailMinutes). */
  readonly staleProgressMs: number;
  /** How long the target's downtime lasts from the seed's start: longer than any seed, ended early at the end. */
  readonly downtimeMs: number;
}

/** The reference's policy: 3 retries, 60 minutes of stale progress; downtime a day at most. */
export const DEFAULT_SEED_MACHINE_CONFIG: SeedMachineConfig = Object.freeze({
  maxRetriesPerStage: 3,
  staleProgressMs: 60 * 60_000,
  downtimeMs: 24 * 3_600_000,
});

/** The transition's policy from the config's seeds section (validated by the config schema). */
export function seedMachineConfig(seeds: { readonly maxRetriesPerStage: number; readonly staleProgressMs: number; readonly downtimeMs: number }): SeedMachineConfig {
  return Object.freeze({ maxRetriesPerStage: seeds.maxRetriesPerStage, staleProgressMs: seeds.staleProgressMs, downtimeMs: seeds.downtimeMs });
}

/** The stages of a seed, in the order they run. */
export const SEED_STAGES = ['Prepare', 'Backup', 'Restore', 'ConnectReplica', 'Cleanup'] as const;

/** One stage of a seed (ConnectReplica is the reference's ConnectSlave). */
export type SeedStage = (typeof SEED_STAGES)[number];

/** True when text names a seed stage. */
export function isSeedStage(text: unknown): text is SeedStage {
  return typeof text === 'string' && (SEED_STAGES as readonly string[]).includes(text);
}

/** The stage after stage, or null after Cleanup. */
export function nextSeedStage(stage: SeedStage): SeedStage | null {
  return SEED_STAGES[SEED_STAGES.indexOf(stage) + 1] ?? null;
}

/** The stage a retry of stage starts from: a Backup error restarts from Prepare, which opened the receiver it streams into. */
export function retryStartStage(stage: SeedStage): SeedStage {
  return stage === 'Backup' ? 'Prepare' : stage;
}

/** True when a stage's progress (bytes) is watched for staleness. */
export function isStaleWatchedStage(stage: SeedStage): boolean {
  return stage === 'Backup' || stage === 'Restore';
}

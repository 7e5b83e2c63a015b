import type { RecoveryRecord, RecoveryStepRecord, RecoveryStore } from '../ports/recovery-store.js';

/** A recovery a command ran, with every recorded step. */
export interface RecoveryResult {
  readonly recovery: RecoveryRecord;
  readonly steps: readonly RecoveryStepRecord[];
}

/** Reads a finished recovery back with its steps (the record as returned when the store lost it). */
export async function loadRecoveryResult(store: RecoveryStore, record: RecoveryRecord): Promise<RecoveryResult> {
  const stored = await store.getRecovery(record.id);
  return { recovery: stored?.record ?? record, steps: stored?.steps ?? [] };
}

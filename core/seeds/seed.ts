import type { InstanceKey } from '../model/instance-key.js';
import type { SeedMethod } from './seed-method.js';
import type { SeedStage } from './seed-stage.js';
import type { SeedStatus } from './seed-status.js';

/** Retries used so far, per stage (a retry is counted on the stage that failed). */
export type SeedRetries = Readonly<Record<SeedStage, number>>;

/** One seed: copying a data set from source to target through their agents, as persisted in orc_seeds. */
export interface Seed {
  readonly id: string;
  readonly method: SeedMethod;
  readonly source: InstanceKey;
  readonly target: InstanceKey;
  readonly stage: SeedStage;
  readonly status: SeedStatus;
  readonly retries: SeedRetries;
  /** Progress of the current stage as the agents report it (reset when a stage is called). */
  readonly bytesCopied: number;
  /** When bytesCopied last grew (or the stage was called): the stale check measures from here. */
  readonly progressAt: number | null;
  /** An operator asked to abort; the next tick aborts (set apart from the CAS-guarded update so no tick loses it). */
  readonly abortRequested: boolean;
  readonly createdAt: number;
  /** The first tick (downtime began); null while never ticked. */
  readonly startedAt: number | null;
  /** When it became Completed or Failed. */
  readonly endedAt: number | null;
  readonly updatedAt: number;
  /** The latest error, kept through retries for display. */
  readonly error: string | null;
}

/** No retries used yet. */
export const NO_RETRIES: SeedRetries = Object.freeze({ Prepare: 0, Backup: 0, Restore: 0, ConnectReplica: 0, Cleanup: 0 });

/** A new seed, Scheduled at Prepare and never ticked. */
export function newSeed(input: { id: string; method: SeedMethod; source: InstanceKey; target: InstanceKey; now: number }): Seed {
  return {
    id: input.id,
    method: input.method,
    source: input.source,
    target: input.target,
    stage: 'Prepare',
    status: 'Scheduled',
    retries: NO_RETRIES,
    bytesCopied: 0,
    progressAt: null,
    abortRequested: false,
    createdAt: input.now,
    startedAt: null,
    endedAt: null,
    updatedAt: input.now,
    error: null,
  };
}

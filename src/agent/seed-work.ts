import type { Readable } from 'node:stream';
import type { SeedStage } from '../../core/seeds/seed-stage.js';
import type { ChildStdio, TrackedChild } from './child-tracker.js';
import type { SeedRecord } from './seed-record.js';

/** The fields of a seed's record its work may change. */
export type SeedRecordPatch = Partial<Pick<SeedRecord, 'serverWasRunning' | 'aside' | 'copy' | 'metadata'>>;

/** What a piece of seed work gets from the agent: the record, a stop signal, persistence, progress and child programs. */
export interface StageJob {
  /** The seed's record as it is now. */
  record(): SeedRecord;
  /** Fires when the work must stop (abort, the stage called again, the agent closing); its children are killed too. */
  readonly signal: AbortSignal;
  /** Changes the record and persists it before returning. */
  update(patch: SeedRecordPatch): void;
  /** Bytes copied or applied so far in this stage. */
  progress(bytes: number): void;
  /** While set, each read of the stage's status calls sample first (it reports fresh bytes through progress). */
  sampleOnStatus(sample: (() => void) | null): void;
  /** Starts a program for the seed (own process group, recorded, killed on stop), with extra environment variables. */
  spawn(argv: readonly string[], stdio: ChildStdio, env?: Readonly<Record<string, string>>): TrackedChild;
}

/** A receiver the target opened for the direct copy: where the source connects, its ticket, and its outcome. */
export interface ReceiverOffer {
  readonly port: number;
  /** Single use; never logged. */
  readonly ticket: string;
  /** Resolves with the bytes received once the copy is complete on disk; rejects with why it is not. */
  readonly done: Promise<number>;
}

/** What one side of one method does on this host; each step is safe to run again after a restart or a retry. */
export interface SeedWork {
  /** Runs a stage this side takes part in; resolves when it is done, rejects with the reason it failed. */
  runStage(stage: SeedStage, job: StageJob): Promise<void>;
  /** Puts the host back as it was before the seed; the seed's programs are already stopped. */
  rollBack(job: StageJob): Promise<void>;
  /** Takes in the copy the source agent streams (target of a physical seed); resolves with the bytes received. */
  receiveStream(job: StageJob, body: Readable): Promise<number>;
  /** Opens a one-shot TCP receiver for the direct copy (target of a physical seed, without TLS). */
  openReceiver(job: StageJob): Promise<ReceiverOffer>;
}

/** The work of a recorded seed on this host, by its method and side. */
export type SeedWorkFactory = (record: SeedRecord) => SeedWork;

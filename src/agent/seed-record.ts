import type { SeedMetadata, SeedPeer, StageRequest, StageStatus } from '../../core/ports/agent-client.js';
import type { SeedMethod, SeedSide } from '../../core/seeds/seed-method.js';
import type { SeedStage } from '../../core/seeds/seed-stage.js';
import type { ChildRecord } from './child-tracker.js';

/**
 * Where the target's copy stands: none (nothing touched yet), partial (being emptied or written: never started on),
 * empty (ready to receive), received (complete, not yet started on), restored (the server runs on it / the load
 * was verified).
 */
export type CopyState = 'none' | 'partial' | 'empty' | 'received' | 'restored';

/** What an agent persists of its active seed (workDir/seed-state.json), so a restarted agent carries on safely. */
export interface SeedRecord {
  readonly seedId: string;
  readonly side: SeedSide;
  readonly method: SeedMethod;
  readonly source: SeedPeer;
  readonly target: SeedPeer;
  readonly createdAt: number;
  /** Target: whether its server ran when the seed began (a rollback starts it again only then); null until Prepare looked. */
  readonly serverWasRunning: boolean | null;
  /** Target of a physical seed: where the original datadir is kept until Cleanup (null before it is set aside). */
  readonly aside: string | null;
  readonly copy: CopyState;
  readonly metadata: SeedMetadata | null;
  readonly stages: Partial<Record<SeedStage, StageStatus>>;
  /** Programs running for the seed (their pid leads their process group). */
  readonly children: readonly ChildRecord[];
}

/** A new record for a seed's first stage call. */
export function newSeedRecord(request: StageRequest, now: number): SeedRecord {
  return {
    seedId: request.seedId,
    side: request.side,
    method: request.method,
    source: request.source,
    target: request.target,
    createdAt: now,
    serverWasRunning: null,
    aside: null,
    copy: 'none',
    metadata: null,
    stages: {},
    children: [],
  };
}

/**
 * The record as a restarted agent takes it over: a stage that was running is an error (its programs were stopped)
 * and no child runs any more; a copy that was being written stays partial (it was marked so before writing began).
 */
export function recordAfterRestart(record: SeedRecord, now: number): SeedRecord {
  const stages: Partial<Record<SeedStage, StageStatus>> = {};
  for (const [stage, status] of Object.entries(record.stages) as [SeedStage, StageStatus][]) {
    stages[stage] = status.state === 'running' ? { ...status, state: 'error', updatedAt: now, error: `the agent restarted while ${stage} ran` } : status;
  }
  return { ...record, stages, children: [] };
}

/** What an agent answers for a stage it has no record of (never called here, or called before a restart it forgot). */
export function unknownStageStatus(seedId: string, stage: SeedStage, now: number): StageStatus {
  return { seedId, stage, state: 'error', bytes: 0, updatedAt: now, error: `no record of seed ${seedId} stage ${stage} on this agent (agent restarted?)` };
}

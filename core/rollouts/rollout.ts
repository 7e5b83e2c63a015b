import { DEFAULT_ROLLOUT_OPTIONS, type RolloutOptions } from './rollout-options.js';
import type { RolloutKey } from './rollout-key.js';

/**
 * Where a rollout stands after its latest step: idle (no version yet), progressing, paused, completed (every
 * target runs the good version), rolling-back / rolled-back (the rolling version is bad, targets go back to the
 * last known good one), failed (bad with no good version to go back to).
 */
export type RolloutPhase = 'idle' | 'progressing' | 'paused' | 'completed' | 'rolling-back' | 'rolled-back' | 'failed';

/** Why a rollout is paused: an operator asked, or a step finished with pauseBetweenSteps set (promote releases it). */
export interface RolloutPause {
  readonly kind: 'operator' | 'step';
  readonly reason: string;
}

/** The targets against the effective version at the latest step: all of them, and the told ones still pending, succeeded or failed. */
export interface RolloutCounts {
  readonly total: number;
  readonly pending: number;
  readonly succeeded: number;
  readonly failed: number;
}

/** The state of one entity's rollout (rollouts.md), with orc's additions; revision counts stored writes (0: never stored). */
export interface Rollout extends RolloutKey {
  /** What the operator asked for ('' until set). */
  readonly targetVersion: string;
  /** The version being rolled now; moves on to targetVersion once it is decided good or bad. */
  readonly rollingVersion: string;
  readonly lastKnownGoodVersion: string;
  readonly lastKnownBadVersion: string;
  /** Every version ever marked bad (the last one is lastKnownBadVersion): none of them can be rolled again. */
  readonly badVersions: readonly string[];
  readonly options: RolloutOptions;
  readonly phase: RolloutPhase;
  readonly pause: RolloutPause | null;
  /** Batches started for the rolling (or rollback) version, and how many of them were seen done. */
  readonly step: number;
  readonly stepsDone: number;
  /** Promote asked for the next step now, without waiting for the current one. */
  readonly advanceStep: boolean;
  /** Promote --full: the version is good, every remaining target is told at once. */
  readonly fullPromotion: boolean;
  /** When rollingVersion took its value, and when the rollout last made progress (for the progress deadline). */
  readonly rollingSince: number | null;
  readonly progressAt: number | null;
  readonly counts: RolloutCounts;
  readonly revision: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** No targets counted. */
export const NO_COUNTS: RolloutCounts = Object.freeze({ total: 0, pending: 0, succeeded: 0, failed: 0 });

/** A rollout never stored: no versions, default options, revision 0. */
export function newRollout(key: RolloutKey, now: number, options: RolloutOptions = DEFAULT_ROLLOUT_OPTIONS): Rollout {
  return {
    namespace: key.namespace,
    entity: key.entity,
    targetVersion: '',
    rollingVersion: '',
    lastKnownGoodVersion: '',
    lastKnownBadVersion: '',
    badVersions: [],
    options,
    phase: 'idle',
    pause: null,
    step: 0,
    stepsDone: 0,
    advanceStep: false,
    fullPromotion: false,
    rollingSince: null,
    progressAt: null,
    counts: NO_COUNTS,
    revision: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** True when version was marked bad in this rollout (it cannot be rolled again under that name). */
export function isBadVersion(rollout: Rollout, version: string): boolean {
  return version !== '' && rollout.badVersions.includes(version);
}

/** True while the rolling version is neither good nor bad yet. */
export function isRollingUndecided(rollout: Rollout): boolean {
  return rollout.rollingVersion !== '' && rollout.rollingVersion !== rollout.lastKnownGoodVersion && !isBadVersion(rollout, rollout.rollingVersion);
}

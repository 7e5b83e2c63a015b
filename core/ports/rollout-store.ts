import type { Rollout } from '../rollouts/rollout.js';
import type { RolloutKey } from '../rollouts/rollout-key.js';
import type { RolloutTarget } from '../rollouts/rollout-target.js';
import type { LeaseToken } from './leader-lease.js';

/** A rollout and its targets read together (one snapshot); rollout undefined when never stored (and targets empty). */
export interface LoadedRollout {
  readonly rollout: Rollout | undefined;
  readonly targets: readonly RolloutTarget[];
}

/**
 * One step's write: the new rollout (its revision one more than expectedRevision; 0 expected: not stored yet), the
 * targets created or changed, and the names of the targets gone.
 */
export interface RolloutWrite {
  readonly rollout: Rollout;
  readonly expectedRevision: number;
  readonly upserts: readonly RolloutTarget[];
  readonly removals: readonly string[];
}

/** Persistence of rollouts (one row per namespace and entity) and their targets; namespaces never see each other. */
export interface RolloutStore {
  /** The rollout of key with every target, by name (bytewise), read in one snapshot. */
  loadRollout(key: RolloutKey): Promise<LoadedRollout>;
  getRollout(key: RolloutKey): Promise<Rollout | undefined>;
  /** Rollouts by namespace then entity; with a namespace, only that namespace's. */
  listRollouts(options?: { namespace?: string }): Promise<Rollout[]>;
  /** The targets of key by name; with a group, only that group's. */
  listRolloutTargets(key: RolloutKey, options?: { group?: string }): Promise<RolloutTarget[]>;
  /**
   * Compare-and-set: writes the rollout and its target changes in one transaction only while the stored revision
   * is expectedRevision (0: no rollout stored yet); false, nothing written, when another writer (another orc
   * node) stepped it first. With a lease token, only while the token holds: else RefusedError orc_deposed and
   * nothing written.
   */
  saveRollout(write: RolloutWrite, lease?: LeaseToken): Promise<boolean>;
}

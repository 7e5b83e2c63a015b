import type { FleetRollout } from '../rollouts/fleet/fleet-rollout.js';
import type { LeaseToken } from './leader-lease.js';

/** Persistence of fleet rollouts (one row per id; their engine rollouts live in the RolloutStore under namespace orc). */
export interface FleetRolloutStore {
  /** Inserts a new fleet rollout (revision 1); one with the same id stored already is a StoreError. */
  createFleetRollout(fleet: FleetRollout): Promise<void>;
  getFleetRollout(id: string): Promise<FleetRollout | undefined>;
  /** Fleet rollouts newest first; only the ones not done on request. */
  listFleetRollouts(options?: { active?: boolean }): Promise<FleetRollout[]>;
  /**
   * Compare-and-set: writes fleet (its revision one more than expectedRevision) only while the stored revision is
   * expectedRevision; false when it moved. With a lease token, only while it holds (else orc_deposed, nothing written).
   */
  updateFleetRollout(fleet: FleetRollout, expectedRevision: number, lease?: LeaseToken): Promise<boolean>;
}

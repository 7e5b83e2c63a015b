import { StoreError } from '../../core/errors.js';
import type { FleetRolloutStore } from '../../core/ports/fleet-rollout-store.js';
import type { LeaseToken } from '../../core/ports/leader-lease.js';
import type { FleetRollout } from '../../core/rollouts/fleet/fleet-rollout.js';
import { checkStoredFleetRollout, fleetLeaseLost } from '../../core/store/fleet-rollout-queries.js';
import { checkLeaseToken } from '../../core/store/lease-queries.js';

/** The FleetRolloutStore port in memory with the SQL stores' semantics (shared checks, compare-and-set, fencing, copies); MemoryStore delegates to it. */
export class MemoryFleetRolloutStore implements FleetRolloutStore {
  private readonly fleets = new Map<string, FleetRollout>();

  constructor(
    private readonly assertOpen: () => void,
    private readonly leaseHolds: (token: LeaseToken) => boolean = () => true,
  ) {}

  async createFleetRollout(fleet: FleetRollout): Promise<void> {
    this.assertOpen();
    checkStoredFleetRollout(fleet);
    if (this.fleets.has(fleet.id)) throw new StoreError(`store: fleet rollout ${fleet.id} already exists`, { rollout: fleet.id });
    this.fleets.set(fleet.id, structuredClone(fleet));
  }

  async getFleetRollout(id: string): Promise<FleetRollout | undefined> {
    this.assertOpen();
    const f = this.fleets.get(id);
    return f && structuredClone(f);
  }

  async listFleetRollouts(options: { active?: boolean } = {}): Promise<FleetRollout[]> {
    this.assertOpen();
    return [...this.fleets.values()]
      .filter((f) => !options.active || !f.done)
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((f) => structuredClone(f));
  }

  async updateFleetRollout(fleet: FleetRollout, expectedRevision: number, lease?: LeaseToken): Promise<boolean> {
    this.assertOpen();
    checkStoredFleetRollout(fleet);
    if (lease) {
      checkLeaseToken(lease);
      if (!this.leaseHolds(lease)) throw fleetLeaseLost(fleet.id, lease);
    }
    const stored = this.fleets.get(fleet.id);
    if (!stored || stored.revision !== expectedRevision) return false;
    this.fleets.set(fleet.id, structuredClone({ ...fleet, createdAt: stored.createdAt }));
    return true;
  }
}

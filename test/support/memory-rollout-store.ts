import type { LeaseToken } from '../../core/ports/leader-lease.js';
import type { LoadedRollout, RolloutStore, RolloutWrite } from '../../core/ports/rollout-store.js';
import type { Rollout } from '../../core/rollouts/rollout.js';
import { checkRolloutKey, type RolloutKey } from '../../core/rollouts/rollout-key.js';
import type { RolloutTarget } from '../../core/rollouts/rollout-target.js';
import { checkLeaseToken } from '../../core/store/lease-queries.js';
import { rolloutLeaseLost } from '../../core/store/rollout-lease-lost.js';
import { checkRolloutList, checkRolloutWrite, checkTargetQuery } from '../../core/store/rollout-store-inputs.js';

interface Stored {
  rollout: Rollout;
  targets: Map<string, RolloutTarget>;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The RolloutStore port in memory with the SQL stores' semantics (shared checks, compare-and-set on the revision,
 * fencing, targets by name, namespaces isolated, copies in and out); MemoryStore delegates to it.
 */
export class MemoryRolloutStore implements RolloutStore {
  private readonly rollouts = new Map<string, Stored>();
  private readonly assertOpen: () => void;
  private readonly leaseHolds: (token: LeaseToken) => boolean;

  /** assertOpen throws once the owning store is closed; leaseHolds says whether a fencing token still holds. */
  constructor(assertOpen: () => void, leaseHolds: (token: LeaseToken) => boolean = () => true) {
    this.assertOpen = assertOpen;
    this.leaseHolds = leaseHolds;
  }

  async loadRollout(key: RolloutKey): Promise<LoadedRollout> {
    this.assertOpen();
    checkRolloutKey(key);
    const stored = this.rollouts.get(id(key));
    return { rollout: stored && copy(stored.rollout), targets: stored ? sortedTargets(stored) : [] };
  }

  async getRollout(key: RolloutKey): Promise<Rollout | undefined> {
    this.assertOpen();
    checkRolloutKey(key);
    const stored = this.rollouts.get(id(key));
    return stored && copy(stored.rollout);
  }

  async listRollouts(options: { namespace?: string } = {}): Promise<Rollout[]> {
    this.assertOpen();
    checkRolloutList(options);
    return [...this.rollouts.values()]
      .map((s) => s.rollout)
      .filter((r) => options.namespace === undefined || r.namespace === options.namespace)
      .sort((a, b) => byText(a.namespace, b.namespace) || byText(a.entity, b.entity))
      .map(copy);
  }

  async listRolloutTargets(key: RolloutKey, options: { group?: string } = {}): Promise<RolloutTarget[]> {
    this.assertOpen();
    checkTargetQuery(key, options);
    const stored = this.rollouts.get(id(key));
    return stored ? sortedTargets(stored).filter((t) => options.group === undefined || t.group === options.group) : [];
  }

  async saveRollout(write: RolloutWrite, lease?: LeaseToken): Promise<boolean> {
    this.assertOpen();
    checkRolloutWrite(write);
    if (lease) {
      checkLeaseToken(lease);
      if (!this.leaseHolds(lease)) throw rolloutLeaseLost(write.rollout, lease);
    }
    const key = id(write.rollout);
    const stored = this.rollouts.get(key);
    if ((stored?.rollout.revision ?? 0) !== write.expectedRevision) return false;
    const targets = new Map(stored?.targets ?? []);
    for (const t of write.upserts) targets.set(t.name, { ...t });
    for (const name of write.removals) targets.delete(name);
    this.rollouts.set(key, { rollout: copy({ ...write.rollout, createdAt: stored?.rollout.createdAt ?? write.rollout.createdAt }), targets });
    return true;
  }
}

function id(key: RolloutKey): string {
  return JSON.stringify([key.namespace, key.entity]);
}

function copy(rollout: Rollout): Rollout {
  return structuredClone(rollout);
}

function sortedTargets(stored: Stored): RolloutTarget[] {
  return [...stored.targets.values()].sort((a, b) => byText(a.name, b.name)).map((t) => ({ ...t }));
}

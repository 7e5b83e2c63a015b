import type { LeaderLease, LeaseStore } from '../../core/ports/leader-lease.js';
import { checkLeaseName, checkLeaseRequest } from '../../core/store/lease-queries.js';

/** The LeaseStore port in memory with the SQL stores' semantics (shared checks, takeover at expiresAt <= now, acquiredAt kept on renewal). */
export class MemoryLeases implements LeaseStore {
  private readonly leases = new Map<string, LeaderLease>();

  async tryAcquireLease(name: string, holder: string, now: number, ttlMs: number): Promise<LeaderLease> {
    checkLeaseRequest(name, holder, now, ttlMs);
    const current = this.leases.get(name);
    if (!current || current.holder === holder || current.expiresAt <= now) {
      const acquiredAt = current?.holder === holder ? current.acquiredAt : now;
      this.leases.set(name, { name, holder, acquiredAt, expiresAt: now + ttlMs });
    }
    return { ...this.leases.get(name)! };
  }

  async releaseLease(name: string, holder: string): Promise<boolean> {
    checkLeaseRequest(name, holder);
    if (this.leases.get(name)?.holder !== holder) return false;
    return this.leases.delete(name);
  }

  async getLease(name: string): Promise<LeaderLease | null> {
    checkLeaseName(name);
    const lease = this.leases.get(name);
    return lease ? { ...lease } : null;
  }
}

import { systemClock, type Clock } from '../../core/ports/clock.js';
import type { LeaderLease, LeaseStore, LeaseToken } from '../../core/ports/leader-lease.js';
import { checkLeaseName, checkLeaseRequest, checkLeaseToken } from '../../core/store/lease-queries.js';

/**
 * The LeaseStore port in memory with the SQL stores' semantics (shared checks; times from one injected backend
 * clock, never the caller's; takeover at expiresAt <= now with the next epoch; epoch and acquiredAt kept on
 * renewal; a released lease keeps its epoch for the next holder).
 */
export class MemoryLeases implements LeaseStore {
  /** Every lease row; a released one has holder '' like the SQL stores' rows. */
  private readonly leases = new Map<string, LeaderLease>();

  /** backendClock stands for the database server's clock, shared by every orc host using this store. */
  constructor(private readonly backendClock: Pick<Clock, 'now'> = systemClock) {}

  async tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<LeaderLease> {
    checkLeaseRequest(name, holder, ttlMs);
    const now = this.backendClock.now();
    const current = this.leases.get(name);
    if (current && current.holder === holder && current.expiresAt > now) {
      this.leases.set(name, { ...current, expiresAt: now + ttlMs });
    } else if (!current || current.expiresAt <= now) {
      this.leases.set(name, { name, holder, acquiredAt: now, expiresAt: now + ttlMs, epoch: (current?.epoch ?? 0) + 1 });
    }
    return { ...this.leases.get(name)! };
  }

  async releaseLease(name: string, holder: string): Promise<boolean> {
    checkLeaseRequest(name, holder);
    const current = this.leases.get(name);
    if (current?.holder !== holder) return false;
    this.leases.set(name, { ...current, holder: '', expiresAt: 0 });
    return true;
  }

  async getLease(name: string): Promise<LeaderLease | null> {
    checkLeaseName(name);
    const lease = this.leases.get(name);
    return lease && lease.holder !== '' ? { ...lease } : null;
  }

  async leaseTokenValid(token: LeaseToken): Promise<boolean> {
    checkLeaseToken(token);
    return this.holds(token);
  }

  /** The same check, synchronously (the recovery store's guarded writes use it). */
  holds(token: LeaseToken): boolean {
    const lease = this.leases.get(token.name);
    return lease !== undefined && lease.holder === token.holder && lease.epoch === token.epoch && lease.expiresAt > this.backendClock.now();
  }
}

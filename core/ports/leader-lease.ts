/**
 * The leadership lease of one name (e.g. "orc"): who holds it, since when and until when by the store's own clock,
 * and its epoch, which grows by one each time the lease changes hands and stays the same while its holder renews it.
 */
export interface LeaderLease {
  readonly name: string;
  readonly holder: string;
  readonly acquiredAt: number;
  readonly expiresAt: number;
  readonly epoch: number;
}

/** A fencing token: proof of one term of one holder, valid while the store's lease still has this holder and epoch. */
export interface LeaseToken {
  readonly name: string;
  readonly holder: string;
  readonly epoch: number;
}

/**
 * Shared-backend leader election: one row per lease name, taken, renewed, handed over on expiry or released. Every
 * time comparison uses the backend's clock (one clock for all orc hosts), never the caller's.
 */
export interface LeaseStore {
  /**
   * Renews the lease for ttlMs from the backend's now when holder has it unexpired (same epoch, acquiredAt kept),
   * takes it when free or expired (next epoch), and returns the lease as it is afterwards (maybe another holder's).
   */
  tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<LeaderLease>;
  /** Gives the lease up if holder has it (so a follower takes over at once). */
  releaseLease(name: string, holder: string): Promise<boolean>;
  /** The lease as stored (possibly expired), or null when nobody ever took it or it was released. */
  getLease(name: string): Promise<LeaderLease | null>;
  /** True only while the lease has the token's holder and epoch and has not expired by the backend's clock. */
  leaseTokenValid(token: LeaseToken): Promise<boolean>;
}

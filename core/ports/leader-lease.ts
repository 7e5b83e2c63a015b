/** The leadership lease of one name (e.g. "orc"): who holds it, since when, and until when it is valid. */
export interface LeaderLease {
  readonly name: string;
  readonly holder: string;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

/** Shared-backend leader election: one row per lease name, taken, renewed, handed over on expiry or released. */
export interface LeaseStore {
  /** Takes the lease when free or expired, renews it when holder already has it; returns the lease as it is now (maybe another holder's). */
  tryAcquireLease(name: string, holder: string, now: number, ttlMs: number): Promise<LeaderLease>;
  /** Gives the lease up if holder has it (so a follower takes over at once). */
  releaseLease(name: string, holder: string): Promise<boolean>;
  getLease(name: string): Promise<LeaderLease | null>;
}

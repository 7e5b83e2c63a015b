import type { LeaderLease } from '../../core/ports/leader-lease.js';
import type { StoreOutage } from '../../core/service/leader-election.js';

/** What one orc service is doing about leadership, for status output (log, API). */
export interface ServiceStatus {
  readonly holder: string;
  readonly leader: boolean;
  /** True while its discovery and recovery loops run. */
  readonly acting: boolean;
  /** The lease as last seen (whoever holds it); null before the store first answered. */
  readonly lease: LeaderLease | null;
  /** The store not answering lease rounds, or null. */
  readonly storeOutage: StoreOutage | null;
  /** Why it does not act, e.g. "store unreachable since 2025-01-01T00:00:00.000Z: …"; null while acting. */
  readonly notActing: string | null;
}

/** Why a service with this status does not act (outage first: a follower of an unreachable store knows no leader). */
export function notActingReason(status: Omit<ServiceStatus, 'notActing'>): string | null {
  if (status.acting) return null;
  if (status.storeOutage) return `store unreachable since ${new Date(status.storeOutage.since).toISOString()}: ${status.storeOutage.error}`;
  if (status.lease === null) return 'no leader lease seen yet';
  if (status.lease.holder !== status.holder) return `following ${status.lease.holder}`;
  return status.leader ? 'starting its loops' : 'stepped down';
}

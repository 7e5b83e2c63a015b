import type { RecoveryCommandContext } from '../../core/commands/recovery-command-context.js';
import type { FleetCommandContext } from '../../core/commands/start-fleet-rollout.js';
import type { SeedCommandContext } from '../../core/commands/seed-command-context.js';
import type { LeaderLease } from '../../core/ports/leader-lease.js';

/** What the API reads of the running service for status and health (OrcService satisfies it). */
export interface ServiceView {
  readonly holder: string;
  isLeader(): boolean;
  isActing(): boolean;
  currentLease(): LeaderLease | null;
  /** Why this service does not act right now (store unreachable, following, ...); null while it acts. */
  status?(): { readonly notActing: string | null };
}

/** Prometheus exposition text and its content type. */
export type MetricsSource = () => Promise<{ readonly contentType: string; readonly body: string }>;

/** What the API server runs against: the command context (its actor is set per request), the service and metrics. */
export interface ApiDeps {
  readonly ctx: Omit<RecoveryCommandContext & SeedCommandContext & FleetCommandContext, 'actor'>;
  readonly service: ServiceView;
  readonly version: string;
  /** Epoch ms the service started. */
  readonly startedAt: number;
  /** The service's metrics; when absent the API serves process metrics only. */
  readonly metricsText?: MetricsSource;
}

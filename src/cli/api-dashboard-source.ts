import { UnreachableError } from '../../core/errors.js';
import type { DashboardSource } from '../../tui/lib/dashboard-source.js';
import type { DashboardReply } from '../api/dashboard-routes.js';
import type { ApiClient } from './api-client.js';

/** The dashboard's data read from a running service (GET /api/dashboard), and who that service says the caller is. */
export interface ApiDashboardSource extends DashboardSource {
  /** The audit actor the API named for this credential (api:<name>) in its latest answer; null before the first. */
  readonly actor: string | null;
  /** Why the API would refuse every action of this credential, from its latest answer; null when it may act or before the first. */
  readonly readOnlyReason: string | null;
}

/**
 * Reads each refresh over the API with the CLI's credential; a read that takes longer than timeoutMs counts as the
 * API unreachable, so the dashboard marks its data stale instead of waiting out the CLI's 30 s.
 */
export function apiDashboardSource(api: ApiClient, options: { readonly timeoutMs: number }): ApiDashboardSource {
  let actor: string | null = null;
  let readOnlyReason: string | null = null;
  return {
    get actor() {
      return actor;
    },
    get readOnlyReason() {
      return readOnlyReason;
    },
    async load(wanted, previousIndex, query, signal) {
      const params: Record<string, string> = { index: String(previousIndex), screen: query.screen };
      if (wanted !== null) params.cluster = wanted;
      if (query.recoveryId !== null) params.recovery = query.recoveryId;
      const reply = (await api.get('/api/dashboard', params, { signal, timeoutMs: options.timeoutMs })) as Partial<DashboardReply> | null;
      // An orc of another version may answer another shape: say so once instead of failing somewhere in a render.
      if (typeof reply?.actor !== 'string' || !Array.isArray(reply.snapshot?.clusters)) {
        throw new UnreachableError(`GET ${api.url}/api/dashboard answered no dashboard snapshot: is the service an orc of the same version?`, { url: api.url });
      }
      actor = reply.actor;
      readOnlyReason = typeof reply.readOnlyReason === 'string' ? reply.readOnlyReason : null;
      return reply.snapshot;
    },
  };
}

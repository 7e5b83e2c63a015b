import { describeDuration } from '../../core/commands/parse-duration.js';
import { formatInstanceKey, type InstanceKey } from '../../core/model/instance-key.js';
import { formatAge } from '../../core/model/instance-problems.js';
import { formatRolloutKey, type RolloutKey } from '../../core/rollouts/rollout-key.js';
import type { ActionRequest, DashboardActions } from '../../tui/lib/action-request.js';
import type { ApiClient } from './api-client.js';
import { instancePath, segment } from './api-mode.js';
import type { RecoveryJson } from './format/recovery-text.js';
import type { RelocateJson } from './format/relocate-text.js';

const DOWNTIME_REASON = 'set from the dashboard';

const at = (key: InstanceKey): string => instancePath(formatInstanceKey(key));
const rolloutPath = (key: RolloutKey): string => `/api/rollouts/${segment(key.namespace)}/${segment(key.entity)}`;

/**
 * The dashboard's actions over a running service's API, on the same routes `orc --api` uses: the service runs the
 * core command, audits it as the credential's actor and answers refusals as coded errors, shown verbatim.
 * actorOf names that actor for the confirmation (the API tells it with every dashboard refresh).
 */
export function apiDashboardActions(api: ApiClient, actorOf: () => string): DashboardActions {
  return {
    get actor() {
      return actorOf();
    },
    async run(request: ActionRequest, signal: AbortSignal): Promise<string> {
      const post = (path: string, body: Record<string, unknown> = {}) => api.post(path, body, { signal });
      switch (request.kind) {
        case 'takeover': {
          const r = (await post(`/api/graceful-master-takeover/${segment(request.cluster)}/${at(request.to)}`)) as RecoveryJson & { windowMs: number | null; rolledBack: boolean };
          const window = r.windowMs === null ? '' : `, write window ${formatAge(r.windowMs)}`;
          return `takeover ${r.id} ${r.status}${r.rolledBack ? ' (rolled back)' : ''}${window}: ${r.summary}`;
        }
        case 'relocate': {
          const r = (await post(`/api/relocate/${at(request.instance)}/${at(request.below)}`)) as RelocateJson;
          return `${r.instance} now replicates from ${r.to}`;
        }
        case 'begin-downtime': {
          const d = (await post(`/api/begin-downtime/${at(request.instance)}`, { reason: DOWNTIME_REASON, duration: describeDuration(request.forMs) })) as {
            instance: string;
            beganAt: number;
            until: number;
          };
          return `${d.instance} downtimed for ${formatAge(d.until - d.beganAt)}`;
        }
        case 'end-downtime': {
          const { ended } = (await post(`/api/end-downtime/${at(request.instance)}`)) as { ended: boolean };
          return ended ? `downtime of ${formatInstanceKey(request.instance)} ended` : `${formatInstanceKey(request.instance)} had no downtime`;
        }
        case 'ack': {
          const acked = (await post(`/api/ack-recovery/cluster/${segment(request.cluster)}`, { comment: `acknowledged from the dashboard by ${actorOf()}` })) as unknown[];
          return `acknowledged ${acked.length} recover${acked.length === 1 ? 'y' : 'ies'} of ${request.cluster}`;
        }
        case 'start-seed': {
          const body = { method: request.method, source: formatInstanceKey(request.source), target: formatInstanceKey(request.target) };
          const seed = (await post('/api/seeds', body)) as { id: string; source: string; target: string; method: string };
          return `seed ${seed.id} scheduled: ${seed.source} -> ${seed.target} (${seed.method})`;
        }
        case 'abort-seed': {
          const seed = (await post(`/api/seeds/${segment(request.id)}/abort`)) as { id: string; stage: string; status: string };
          return `seed ${seed.id}: abort requested (${seed.stage} ${seed.status})`;
        }
        case 'pause-rollout': {
          const r = (await post(`${rolloutPath(request.key)}/pause`, { reason: `paused from the dashboard by ${actorOf()}` })) as { phase: string };
          return `rollout ${formatRolloutKey(request.key)} ${r.phase}`;
        }
        case 'abort-rollout': {
          const r = (await post(`${rolloutPath(request.key)}/abort`, { reason: `aborted from the dashboard by ${actorOf()}` })) as { phase: string };
          return `rollout ${formatRolloutKey(request.key)} ${r.phase}`;
        }
      }
    },
  };
}

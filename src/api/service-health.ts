import { errorLine } from '../../core/errors.js';
import { RECOVERY_ENABLED_SETTING } from '../../core/recovery/gate-state.js';
import type { ApiDeps } from './api-deps.js';

/** Whether this node serves its role: the store answers, and a leader runs its loops (a follower only follows). */
export interface Readiness {
  readonly ready: boolean;
  readonly reason: string;
  readonly leader: boolean;
  readonly acting: boolean;
}

/** Reads the store once and the service's state, for /health/ready and /api/health. */
export async function readiness(deps: ApiDeps): Promise<Readiness> {
  const leader = deps.service.isLeader();
  const acting = deps.service.isActing();
  try {
    await deps.ctx.store.getSetting(RECOVERY_ENABLED_SETTING);
  } catch (err) {
    return { ready: false, reason: `the store does not answer: ${errorLine(err)}`, leader, acting };
  }
  if (leader && !acting) return { ready: false, reason: 'leader, but its discovery and recovery loops are not running (yet)', leader, acting };
  return { ready: true, reason: leader ? 'leader: discovery, analysis and recovery running' : 'following the leader', leader, acting };
}

import type { FencedInstance, RecoveryRecord } from '../ports/recovery-store.js';
import { fenceHolds } from './fence-holds.js';

/** Whether a fence row still calls for keeping its server read-only (and for rejoining or reporting it), and why not. */
export type FenceStanding = { readonly holds: true } | { readonly holds: false; readonly reason: string };

/**
 * Decides (pure) on a freshly read fence row and its recovery: fenced and diverged fences hold; a rejoined or
 * removed one does not; a pending one holds only once its recovery ended having promoted a successor (while it
 * runs, the recovery is in charge of the server; one that ended without promoting gives the server its writes back).
 */
export function fenceStanding(fence: FencedInstance | undefined, recovery: RecoveryRecord | undefined): FenceStanding {
  if (!fence) return { holds: false, reason: 'no fence any more' };
  if (!fenceHolds(fence)) return { holds: false, reason: fence.state };
  if (fence.state !== 'pending') return { holds: true };
  if (!recovery) return { holds: false, reason: `pending on recovery ${fence.recoveryId}, which is not recorded` };
  if (recovery.status === 'running') return { holds: false, reason: `pending while recovery ${recovery.id} runs` };
  if (!recovery.successor) return { holds: false, reason: `recovery ${recovery.id} ended ${recovery.status} without promoting` };
  return { holds: true };
}

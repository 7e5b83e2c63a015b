import { RefusedError } from '../errors.js';
import { formatInstanceKey } from '../model/instance-key.js';
import { formatInstant } from '../model/instant.js';
import type { LeaseToken } from '../ports/leader-lease.js';
import type { MaintenanceLock } from '../ports/recovery-store.js';

/** The refusal of a second recovery of a cluster, naming the running one and who started it. */
export function clusterBeingRecovered(cluster: string, recoveryId: string, actor: string): RefusedError {
  return new RefusedError('orc_lock_held', `cluster ${cluster} is already being recovered by recovery ${recoveryId} (started by ${actor})`, {
    cluster,
    recoveryId,
    actor,
  });
}

/** The refusal of a lock another owner holds, naming the holder, the expiry and the reason. */
export function instanceLocked(holder: MaintenanceLock): RefusedError {
  const instance = formatInstanceKey(holder.instance);
  return new RefusedError('orc_lock_held', `instance ${instance} is locked by ${holder.owner} until ${formatInstant(holder.expiresAt)}: ${holder.reason}`, {
    instance,
    owner: holder.owner,
    expiresAt: holder.expiresAt,
    reason: holder.reason,
  });
}

/** The refusal of a write by an orc that no longer runs the recovery (another one took it over, or it ended). */
/** The refusal of a guarded write whose fencing token no longer holds: another orc leads now. */
export function leaseLost(recoveryId: string, token: LeaseToken): RefusedError {
  return new RefusedError('orc_deposed', `recovery ${recoveryId}: lease ${token.name} epoch ${token.epoch} of ${token.holder} no longer holds; another orc leads now`, {
    recoveryId,
    lease: token.name,
    epoch: token.epoch,
  });
}

export function notRunner(recoveryId: string, runner: string, current: { runner: string | null; status: string } | undefined): RefusedError {
  const now = current === undefined ? 'it does not exist' : current.status !== 'running' ? `it ended (${current.status})` : `${current.runner ?? 'nobody'} runs it now`;
  return new RefusedError('orc_deposed', `recovery ${recoveryId} is no longer run by ${runner}: ${now}`, {
    recoveryId,
    runner,
    currentRunner: current?.runner ?? null,
    status: current?.status ?? null,
  });
}

import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { NO_PROGRESS, type RecoveryKind, type RecoveryRecord } from '../ports/recovery-store.js';
import { resumeTakeover } from './graceful-takeover.js';
import { resumeDeadIntermediate } from './recover-dead-intermediate.js';
import type { RecoveryDeps } from './recovery-deps.js';
import type { RecoveryRun } from './recovery-run.js';
import { resumeRegisteredRecovery, type RecoveryBodyResult } from './registered-recovery.js';
import { resumeFailover } from './resume-failover.js';

const RESUME_BODIES: Readonly<Record<RecoveryKind, (deps: RecoveryDeps, run: RecoveryRun) => Promise<RecoveryBodyResult>>> = {
  'dead-primary': resumeFailover,
  'forced-failover': resumeFailover,
  'dead-intermediate': resumeDeadIntermediate,
  'graceful-takeover': resumeTakeover,
};

/** Every server a recovery may still change, from what it recorded: the locks a resumed run holds. */
export function recoveryLockKeys(record: RecoveryRecord): InstanceKey[] {
  const p = record.progress ?? NO_PROGRESS;
  const keys = [record.failed, p.candidate, p.candidateSource, p.catchUpFrom, ...p.stopped, ...p.madeReadOnly, ...p.followers, ...p.lost];
  return [...new Map(keys.filter((k): k is InstanceKey => k !== null).map((k) => [formatInstanceKey(k), k])).values()];
}

/**
 * Continues a recovery this orc has just claimed as `runner` (`seen` is the record as read before the claim, with
 * the runner that stopped): its steps go on after the last one recorded, and the body for its kind rolls it
 * forward or back from the persisted progress.
 */
export async function resumeRecovery(deps: RecoveryDeps, seen: RecoveryRecord, runner: string): Promise<RecoveryRecord> {
  const stored = await deps.store.getRecovery(seen.id);
  const firstIndex = Math.max(0, ...(stored?.steps ?? []).map((s) => s.index)) + 1;
  const current = stored?.record ?? seen;
  const claim = { runner, firstIndex, lockKeys: recoveryLockKeys(current), previousRunner: seen.runner };
  return resumeRegisteredRecovery(deps, current, claim, (run) => RESUME_BODIES[current.kind](deps, run));
}

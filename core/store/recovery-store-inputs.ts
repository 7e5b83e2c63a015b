import { InputError } from '../errors.js';
import type { InstanceKey } from '../model/instance-key.js';
import type {
  Downtime,
  FencedInstance,
  FenceState,
  RecoveryEndStatus,
  RecoveryGuard,
  RecoveryPatch,
  MaintenanceLock,
  RecoveryKind,
  RecoveryRecord,
  RecoveryStatus,
  RecoveryStepRecord,
  RecoveryStore,
  StepStatus,
} from '../ports/recovery-store.js';
import { checkLeaseToken } from './lease-queries.js';
import { CLUSTER_NAME_LENGTH, HOST_LENGTH, ID_LENGTH, NAME_LENGTH, SETTING_NAME_LENGTH } from './schema.js';
import { boundedText, epochMs, keyText, positiveLimit } from './store-values.js';

/** Recoveries listRecoveries returns when the caller gives no limit. */
export const DEFAULT_RECOVERY_LIMIT = 50;

/** The recovery kinds a stored row may hold. */
export const RECOVERY_KINDS: ReadonlySet<string> = new Set<RecoveryKind>(['dead-primary', 'dead-intermediate', 'graceful-takeover', 'forced-failover']);

/** The recovery statuses a stored row may hold. */
export const RECOVERY_STATUSES: ReadonlySet<string> = new Set<RecoveryStatus>(['running', 'succeeded', 'partial', 'failed', 'abandoned']);

/** The statuses a recovery may end with. */
export const RECOVERY_END_STATUSES: ReadonlySet<string> = new Set<RecoveryEndStatus>(['succeeded', 'partial', 'failed', 'abandoned']);

/** The step statuses a stored row may hold. */
export const STEP_STATUSES: ReadonlySet<string> = new Set<StepStatus>(['running', 'ok', 'failed', 'skipped']);

/** The fence states a stored row may hold. */
export const FENCE_STATES: ReadonlySet<string> = new Set<FenceState>(['pending', 'fenced', 'rejoined', 'diverged']);

/** What finishRecovery is given. */
export type RecoveryEnd = Parameters<RecoveryStore['finishRecovery']>[1];

/** What acknowledgeRecoveries targets. */
export type AckTarget = { cluster: string } | { id: string };

function oneOf(value: string, allowed: ReadonlySet<string>, field: string): void {
  if (!allowed.has(value)) throw new InputError(`store: ${field} "${value}" is not one of ${[...allowed].join(', ')}`, { field });
}

function instanceKey(key: InstanceKey, field: string): void {
  keyText(key.host, HOST_LENGTH, `${field}.host`);
  if (!Number.isSafeInteger(key.port) || key.port < 0) throw new InputError(`store: ${field}.port must be a port number, got ${key.port}`, { field });
}

/** Checks a recovery about to be registered: it must be running, and every value must fit its column. */
export function checkNewRecovery(record: RecoveryRecord): void {
  keyText(record.id, ID_LENGTH, 'recovery id');
  keyText(record.cluster, CLUSTER_NAME_LENGTH, 'cluster');
  if (record.clusterAlias !== null) boundedText(record.clusterAlias, CLUSTER_NAME_LENGTH, 'clusterAlias');
  oneOf(record.kind, RECOVERY_KINDS, 'kind');
  keyText(record.trigger, NAME_LENGTH, 'trigger');
  instanceKey(record.failed, 'failed');
  if (record.successor !== null) instanceKey(record.successor, 'successor');
  if (record.status !== 'running' || record.endedAt !== null) {
    throw new InputError(`store: recovery ${record.id} must be registered as running, without an end`, { id: record.id });
  }
  keyText(record.actor, NAME_LENGTH, 'actor');
  epochMs(record.startedAt, 'startedAt');
  record.lost.forEach((key, i) => instanceKey(key, `lost[${i}]`));
  if (record.acknowledgedAt !== null) epochMs(record.acknowledgedAt, 'acknowledgedAt');
  if (record.acknowledgedBy !== null) boundedText(record.acknowledgedBy, NAME_LENGTH, 'acknowledgedBy');
  if (record.runner !== null) keyText(record.runner, NAME_LENGTH, 'runner');
  if (record.renewedAt !== null) epochMs(record.renewedAt, 'renewedAt');
}

/** Checks a guard: a runner name that fits its column. */
export function checkGuard(guard: RecoveryGuard): void {
  keyText(guard.runner, NAME_LENGTH, 'runner');
  if (guard.lease) checkLeaseToken(guard.lease);
}

/** Checks an update of a running recovery. */
export function checkRecoveryPatch(id: string, patch: RecoveryPatch, guard: RecoveryGuard): void {
  keyText(id, ID_LENGTH, 'recovery id');
  checkGuard(guard);
  if (patch.successor) instanceKey(patch.successor, 'successor');
  patch.lost?.forEach((key, i) => instanceKey(key, `lost[${i}]`));
}

/** Checks a heartbeat or a takeover of a running recovery. */
export function checkRenewal(id: string, runner: string, now: number, staleBefore?: number): void {
  keyText(id, ID_LENGTH, 'recovery id');
  keyText(runner, NAME_LENGTH, 'runner');
  epochMs(now, 'now');
  if (staleBefore !== undefined) epochMs(staleBefore, 'staleBefore');
}

/** Checks the end of a recovery. */
export function checkRecoveryEnd(id: string, end: RecoveryEnd): void {
  keyText(id, ID_LENGTH, 'recovery id');
  if (!RECOVERY_END_STATUSES.has(end.status)) {
    throw new InputError(`store: a recovery ends as ${[...RECOVERY_END_STATUSES].join(', ')}, not "${String(end.status)}"`, { id });
  }
  epochMs(end.endedAt, 'endedAt');
  if (end.successor !== null) instanceKey(end.successor, 'successor');
  end.lost.forEach((key, i) => instanceKey(key, `lost[${i}]`));
}

/** Checks one step of a recovery. */
export function checkStep(step: RecoveryStepRecord): void {
  keyText(step.recoveryId, ID_LENGTH, 'recovery id');
  if (!Number.isSafeInteger(step.index) || step.index < 1) throw new InputError(`store: step index must be a positive integer, got ${step.index}`, { index: step.index });
  keyText(step.name, NAME_LENGTH, 'step name');
  oneOf(step.status, STEP_STATUSES, 'step status');
  epochMs(step.startedAt, 'startedAt');
  if (step.endedAt !== null) epochMs(step.endedAt, 'endedAt');
}

/** Checks an acknowledgement: its target, who acknowledges and when. */
export function checkAcknowledgement(target: AckTarget, by: string, at: number): void {
  if ('id' in target) keyText(target.id, ID_LENGTH, 'recovery id');
  else keyText(target.cluster, CLUSTER_NAME_LENGTH, 'cluster');
  keyText(by, NAME_LENGTH, 'acknowledged by');
  epochMs(at, 'at');
}

/** The limit of listRecoveries, defaulted and checked. */
export function recoveryLimit(limit: number | undefined): number {
  return positiveLimit(limit ?? DEFAULT_RECOVERY_LIMIT, 'recovery');
}

/** Checks a lock request: a lock that would already have expired at now is a caller bug. */
export function checkLock(lock: MaintenanceLock, now: number): void {
  instanceKey(lock.instance, 'instance');
  keyText(lock.owner, NAME_LENGTH, 'lock owner');
  epochMs(lock.acquiredAt, 'acquiredAt');
  epochMs(lock.expiresAt, 'expiresAt');
  epochMs(now, 'now');
  if (lock.expiresAt <= now) throw new InputError('store: a lock must expire after now', { expiresAt: lock.expiresAt, now });
}

/** Checks a downtime window: it must end after it begins. */
export function checkDowntime(downtime: Downtime): void {
  instanceKey(downtime.instance, 'instance');
  keyText(downtime.owner, NAME_LENGTH, 'downtime owner');
  epochMs(downtime.beganAt, 'beganAt');
  epochMs(downtime.until, 'until');
  if (downtime.until <= downtime.beganAt) throw new InputError('store: a downtime must end after it begins', { beganAt: downtime.beganAt, until: downtime.until });
}

/** Checks a fence record. */
export function checkFence(fence: FencedInstance): void {
  instanceKey(fence.instance, 'instance');
  keyText(fence.cluster, CLUSTER_NAME_LENGTH, 'cluster');
  keyText(fence.recoveryId, ID_LENGTH, 'recovery id');
  oneOf(fence.state, FENCE_STATES, 'fence state');
  epochMs(fence.fencedAt, 'fencedAt');
  epochMs(fence.updatedAt, 'updatedAt');
}

/** Checks a setting name (and the time it is set at, when given). */
export function checkSetting(name: string, at?: number): void {
  keyText(name, SETTING_NAME_LENGTH, 'setting name');
  if (at !== undefined) epochMs(at, 'at');
}

import { InputError, RefusedError, StoreError } from '../../core/errors.js';
import { compareInstanceKeys, type InstanceKey } from '../../core/model/instance-key.js';
import type { LeaseToken } from '../../core/ports/leader-lease.js';
import type { Downtime, FencedInstance, MaintenanceLock, RecoveryGuard, RecoveryPatch, RecoveryRecord, RecoveryStepRecord, RecoveryStore } from '../../core/ports/recovery-store.js';
import {
  checkAcknowledgement,
  checkDowntime,
  checkFence,
  checkGuard,
  checkLock,
  checkNewRecovery,
  checkRecoveryEnd,
  checkRecoveryPatch,
  checkRenewal,
  checkSetting,
  checkStep,
  recoveryLimit,
  type AckTarget,
  type RecoveryEnd,
} from '../../core/store/recovery-store-inputs.js';
import { clusterBeingRecovered, instanceLocked, leaseLost, notRunner } from '../../core/store/recovery-store-refusals.js';
import { epochMs, storedHost } from '../../core/store/store-values.js';

/** The key as the SQL stores keep it: host names lower-cased. */
export function storedKey(key: InstanceKey): InstanceKey {
  return { host: storedHost(key.host), port: key.port };
}

/** Identity of an instance row. */
export function rowId(key: InstanceKey): string {
  return `${storedHost(key.host)}:${key.port}`;
}

function byKey<T extends { instance: InstanceKey }>(a: T, b: T): number {
  return compareInstanceKeys(a.instance, b.instance);
}

/**
 * The RecoveryStore port in memory with the SQL stores' semantics (the shared checks and refusals, one running
 * recovery per cluster, race-free locks, newest-first listings, hosts lower-cased, copies in and out); the base
 * of MemoryStore, which adds the Store port.
 */
export abstract class MemoryRecoveryStore implements RecoveryStore {
  private readonly recoveries: RecoveryRecord[] = [];
  private readonly steps = new Map<string, RecoveryStepRecord>();
  private readonly locks = new Map<string, MaintenanceLock>();
  private readonly downtime = new Map<string, Downtime>();
  private readonly fences = new Map<string, FencedInstance>();
  private readonly settings = new Map<string, string>();
  protected closed = false;

  async registerRecovery(record: RecoveryRecord): Promise<void> {
    this.assertOpen();
    checkNewRecovery(record);
    if (this.recoveries.some((r) => r.id === record.id)) throw new StoreError(`store: recovery ${record.id} already exists`, { id: record.id });
    const running = this.recoveries.find((r) => r.cluster === record.cluster && r.status === 'running');
    if (running) throw clusterBeingRecovered(record.cluster, running.id, running.actor);
    this.recoveries.push({
      ...structuredClone(record),
      failed: storedKey(record.failed),
      successor: record.successor && storedKey(record.successor),
      lost: record.lost.map(storedKey),
    });
  }

  async recordStep(step: RecoveryStepRecord, guard?: RecoveryGuard): Promise<void> {
    this.assertOpen();
    checkStep(step);
    if (guard) {
      checkGuard(guard);
      this.assertRunner(step.recoveryId, guard);
    }
    this.steps.set(`${step.recoveryId}\n${step.index}`, structuredClone(step));
  }

  async updateRecovery(id: string, patch: RecoveryPatch, guard: RecoveryGuard): Promise<void> {
    this.assertOpen();
    checkRecoveryPatch(id, patch, guard);
    const at = this.assertRunner(id, guard);
    const existing = this.recoveries[at]!;
    this.recoveries[at] = {
      ...existing,
      ...(patch.progress !== undefined ? { progress: structuredClone(patch.progress) } : {}),
      ...(patch.successor !== undefined ? { successor: patch.successor && storedKey(patch.successor) } : {}),
      ...(patch.lost !== undefined ? { lost: patch.lost.map(storedKey) } : {}),
      ...(patch.dataLoss !== undefined ? { dataLoss: patch.dataLoss } : {}),
    };
  }

  async finishRecovery(id: string, end: RecoveryEnd, guard?: RecoveryGuard): Promise<void> {
    this.assertOpen();
    checkRecoveryEnd(id, end);
    if (guard) checkGuard(guard);
    const at = this.recoveries.findIndex((r) => r.id === id);
    const existing = this.recoveries[at];
    if (!existing) throw new InputError(`store: no recovery ${id}`, { id });
    if (existing.status !== 'running') throw new RefusedError('orc_refused', `recovery ${id} has already ended (${existing.status})`, { id, status: existing.status });
    if (guard && existing.runner !== guard.runner) throw notRunner(id, guard.runner, existing);
    if (guard?.lease && !this.leaseHolds(guard.lease)) throw leaseLost(id, guard.lease);
    this.recoveries[at] = {
      ...existing,
      status: end.status,
      endedAt: end.endedAt,
      successor: end.successor && storedKey(end.successor),
      lost: end.lost.map(storedKey),
      summary: end.summary,
      runner: null,
      ...(end.dataLoss !== undefined ? { dataLoss: end.dataLoss } : {}),
    };
  }

  async renewRecovery(id: string, runner: string, now: number): Promise<boolean> {
    this.assertOpen();
    checkRenewal(id, runner, now);
    const at = this.recoveries.findIndex((r) => r.id === id && r.status === 'running' && r.runner === runner);
    if (at < 0) return false;
    this.recoveries[at] = { ...this.recoveries[at]!, renewedAt: now };
    return true;
  }

  async claimRecovery(id: string, runner: string, now: number, staleBefore: number): Promise<boolean> {
    this.assertOpen();
    checkRenewal(id, runner, now, staleBefore);
    const at = this.recoveries.findIndex((r) => r.id === id && r.status === 'running' && (r.renewedAt === null || r.renewedAt < staleBefore));
    if (at < 0) return false;
    this.recoveries[at] = { ...this.recoveries[at]!, runner, renewedAt: now };
    return true;
  }

  async getRecovery(id: string): Promise<{ record: RecoveryRecord; steps: RecoveryStepRecord[] } | undefined> {
    this.assertOpen();
    const record = this.recoveries.find((r) => r.id === id);
    if (!record) return undefined;
    const steps = [...this.steps.values()].filter((s) => s.recoveryId === id).sort((a, b) => a.index - b.index);
    return structuredClone({ record, steps });
  }

  async listRecoveries(options?: { cluster?: string; limit?: number }): Promise<RecoveryRecord[]> {
    this.assertOpen();
    const limit = recoveryLimit(options?.limit);
    return this.recoveries
      .map((record, order) => ({ record, order }))
      .filter(({ record }) => options?.cluster === undefined || record.cluster === options.cluster)
      .sort((a, b) => b.record.startedAt - a.record.startedAt || b.order - a.order)
      .slice(0, limit)
      .map(({ record }) => structuredClone(record));
  }

  async acknowledgeRecoveries(target: AckTarget, by: string, comment: string, at: number): Promise<number> {
    this.assertOpen();
    checkAcknowledgement(target, by, at);
    let count = 0;
    this.recoveries.forEach((record, i) => {
      const matches = 'id' in target ? record.id === target.id : record.cluster === target.cluster;
      if (!matches || record.acknowledgedAt !== null) return;
      this.recoveries[i] = { ...record, acknowledgedAt: at, acknowledgedBy: by, ackComment: comment };
      count += 1;
    });
    return count;
  }

  async acquireLock(lock: MaintenanceLock, now: number): Promise<void> {
    this.assertOpen();
    checkLock(lock, now);
    const holder = this.locks.get(rowId(lock.instance));
    if (holder && holder.owner === lock.owner) {
      this.locks.set(rowId(lock.instance), { ...holder, reason: lock.reason, expiresAt: lock.expiresAt });
      return;
    }
    if (holder && holder.expiresAt > now) throw instanceLocked(holder);
    this.locks.set(rowId(lock.instance), { ...structuredClone(lock), instance: storedKey(lock.instance) });
  }

  async renewLocks(owner: string, expiresAt: number, now: number): Promise<number> {
    this.assertOpen();
    epochMs(expiresAt, 'expiresAt');
    epochMs(now, 'now');
    let count = 0;
    for (const [id, lock] of this.locks) {
      if (lock.owner !== owner || lock.expiresAt <= now) continue;
      this.locks.set(id, { ...lock, expiresAt });
      count += 1;
    }
    return count;
  }

  async releaseLock(instance: InstanceKey, owner: string): Promise<boolean> {
    this.assertOpen();
    if (this.locks.get(rowId(instance))?.owner !== owner) return false;
    return this.locks.delete(rowId(instance));
  }

  async listLocks(now: number): Promise<MaintenanceLock[]> {
    this.assertOpen();
    epochMs(now, 'now');
    return [...this.locks.values()].filter((l) => l.expiresAt > now).sort(byKey).map((l) => structuredClone(l));
  }

  async beginDowntime(window: Downtime): Promise<void> {
    this.assertOpen();
    checkDowntime(window);
    this.downtime.set(rowId(window.instance), { ...structuredClone(window), instance: storedKey(window.instance) });
  }

  async endDowntime(instance: InstanceKey): Promise<boolean> {
    this.assertOpen();
    return this.downtime.delete(rowId(instance));
  }

  async listDowntime(now: number): Promise<Downtime[]> {
    this.assertOpen();
    epochMs(now, 'now');
    return [...this.downtime.values()].filter((d) => d.until > now).sort(byKey).map((d) => structuredClone(d));
  }

  async recordFence(fence: FencedInstance): Promise<void> {
    this.assertOpen();
    checkFence(fence);
    this.fences.set(rowId(fence.instance), { ...structuredClone(fence), instance: storedKey(fence.instance) });
  }

  async listFenced(): Promise<FencedInstance[]> {
    this.assertOpen();
    return [...this.fences.values()].sort(byKey).map((f) => structuredClone(f));
  }

  async getFence(instance: InstanceKey): Promise<FencedInstance | undefined> {
    this.assertOpen();
    const fence = this.fences.get(rowId(instance));
    return fence && structuredClone(fence);
  }

  async clearFence(instance: InstanceKey): Promise<boolean> {
    this.assertOpen();
    return this.fences.delete(rowId(instance));
  }

  async getSetting(name: string): Promise<string | null> {
    this.assertOpen();
    checkSetting(name);
    return this.settings.get(name) ?? null;
  }

  async setSetting(name: string, value: string, at: number): Promise<void> {
    this.assertOpen();
    checkSetting(name, at);
    this.settings.set(name, value);
  }

  /** The index of the running recovery guard's runner runs, or RefusedError orc_deposed. */
  private assertRunner(id: string, guard: RecoveryGuard): number {
    const at = this.recoveries.findIndex((r) => r.id === id);
    const existing = this.recoveries[at];
    if (!existing || existing.status !== 'running' || existing.runner !== guard.runner) throw notRunner(id, guard.runner, existing);
    if (guard.lease && !this.leaseHolds(guard.lease)) throw leaseLost(id, guard.lease);
    return at;
  }

  /** Whether a fencing token still holds (a store with leases overrides this; alone, every token holds). */
  protected leaseHolds(_token: LeaseToken): boolean {
    return true;
  }

  protected assertOpen(): void {
    if (this.closed) throw new StoreError('store is closed');
  }
}

import type { InstanceKey } from '../model/instance-key.js';

/** What started a recovery. */
export type RecoveryKind = 'dead-primary' | 'dead-intermediate' | 'graceful-takeover' | 'forced-failover';

/** Where a recovery is. */
export type RecoveryStatus = 'running' | 'succeeded' | 'failed';

/** One recovery (automatic or manual), as persisted and shown by `orc recoveries`. */
export interface RecoveryRecord {
  readonly id: string;
  readonly cluster: string;
  readonly clusterAlias: string | null;
  readonly kind: RecoveryKind;
  /** The analysis code that triggered it, or the command name for manual ones. */
  readonly trigger: string;
  readonly failed: InstanceKey;
  readonly successor: InstanceKey | null;
  readonly status: RecoveryStatus;
  readonly actor: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly lost: readonly InstanceKey[];
  readonly summary: string;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
  readonly ackComment: string | null;
}

/** Outcome of one step of a recovery plan. */
export type StepStatus = 'running' | 'ok' | 'failed' | 'skipped';

/** One executed (or executing) step of a recovery plan. */
export interface RecoveryStepRecord {
  readonly recoveryId: string;
  /** 1-based position in the plan. */
  readonly index: number;
  readonly name: string;
  readonly status: StepStatus;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly message: string;
}

/** An exclusive per-instance maintenance lock, held during any topology change. */
export interface MaintenanceLock {
  readonly instance: InstanceKey;
  readonly owner: string;
  readonly reason: string;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

/** A downtime window: suppresses automated recovery of an instance (not its analysis). */
export interface Downtime {
  readonly instance: InstanceKey;
  readonly owner: string;
  readonly reason: string;
  readonly beganAt: number;
  readonly until: number;
}

/** A demoted primary orc keeps read-only and never accepts back as a primary of its cluster. */
export interface FencedInstance {
  readonly instance: InstanceKey;
  readonly cluster: string;
  readonly recoveryId: string;
  readonly fencedAt: number;
  /** fenced: waiting to be seen again; rejoined: replicates from the new primary; diverged: needs re-seeding. */
  readonly state: 'fenced' | 'rejoined' | 'diverged';
  readonly updatedAt: number;
  readonly detail: string;
}

/** Persistence of recoveries, their steps, locks, downtime, fencing and runtime switches. */
export interface RecoveryStore {
  /**
   * Registers a running recovery; refuses (RefusedError orc_lock_held) while another recovery of the same
   * cluster is running, so two services or two commands can never recover one cluster at once.
   */
  registerRecovery(record: RecoveryRecord): Promise<void>;
  /** Inserts or updates one step (by recovery id and index). */
  recordStep(step: RecoveryStepRecord): Promise<void>;
  /** Ends a recovery and releases its cluster registration. */
  finishRecovery(id: string, end: { status: 'succeeded' | 'failed'; endedAt: number; successor: InstanceKey | null; lost: readonly InstanceKey[]; summary: string }): Promise<void>;
  getRecovery(id: string): Promise<{ record: RecoveryRecord; steps: RecoveryStepRecord[] } | undefined>;
  /** Newest first. */
  listRecoveries(options?: { cluster?: string; limit?: number }): Promise<RecoveryRecord[]>;
  /** Acknowledges unacknowledged recoveries of a cluster (or one by id); returns how many. */
  acknowledgeRecoveries(target: { cluster: string } | { id: string }, by: string, comment: string, at: number): Promise<number>;

  /** Takes the lock or throws RefusedError orc_lock_held naming the holder; an expired lock is taken over. */
  acquireLock(lock: MaintenanceLock, now: number): Promise<void>;
  /** Releases a lock held by owner; false when it was not held by owner. */
  releaseLock(instance: InstanceKey, owner: string): Promise<boolean>;
  listLocks(now: number): Promise<MaintenanceLock[]>;

  /** Starts or replaces a downtime window. */
  beginDowntime(downtime: Downtime): Promise<void>;
  /** Ends a downtime; false when there was none. */
  endDowntime(instance: InstanceKey): Promise<boolean>;
  /** Active windows (until > now). */
  listDowntime(now: number): Promise<Downtime[]>;

  /** Records (or replaces) a fenced instance. */
  recordFence(fence: FencedInstance): Promise<void>;
  listFenced(): Promise<FencedInstance[]>;
  /** Removes a fence (operator forgets it, or it was re-seeded). */
  clearFence(instance: InstanceKey): Promise<boolean>;

  /** Runtime switches (e.g. global recovery enabled), as text. */
  getSetting(name: string): Promise<string | null>;
  setSetting(name: string, value: string, at: number): Promise<void>;
}

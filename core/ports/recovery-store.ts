import type { LeaseToken } from './leader-lease.js';
import type { InstanceKey } from '../model/instance-key.js';

/** What started a recovery. */
export type RecoveryKind = 'dead-primary' | 'dead-intermediate' | 'graceful-takeover' | 'forced-failover';

/**
 * Where a recovery is: running; succeeded; partial (the primary role moved but some servers could not be changed:
 * the steps say which); failed (recorded, counts for anti-flapping); abandoned (orc stopped before anything was
 * promoted and the next orc undid the preparation: it does not count for anti-flapping).
 */
export type RecoveryStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'abandoned';

/** How a recovery ends. */
export type RecoveryEndStatus = Exclude<RecoveryStatus, 'running'>;

/** How far a recovery got, persisted as it goes, so another orc can roll it forward or back after a crash. */
export type RecoveryPhase = 'preparing' | 'window' | 'promoting' | 'promoted';

/**
 * What a recovery changed and decided so far (JSON in the store): enough for the next runner to undo the
 * preparation or finish the promotion without guessing from step names.
 */
export interface RecoveryProgress {
  readonly phase: RecoveryPhase;
  /** Replicas whose replication (IO thread) this recovery stopped: restarted on every path that does not promote. */
  readonly stopped: readonly InstanceKey[];
  /** Servers this recovery set read-only that are writable again on rollback (a live primary in a forced failover or takeover). */
  readonly madeReadOnly: readonly InstanceKey[];
  /** The server being promoted (failover candidate, takeover target) or the new source of moved replicas. */
  readonly candidate: InstanceKey | null;
  /** The candidate's source before the recovery changed it (restored on rollback). */
  readonly candidateSource: InstanceKey | null;
  /** A more up-to-date replica the candidate catches up from before its promotion. */
  readonly catchUpFrom: InstanceKey | null;
  /** Replicas to repoint under the candidate. */
  readonly followers: readonly InstanceKey[];
  /** Replicas detached because they cannot follow the candidate. */
  readonly lost: readonly InstanceKey[];
  /** Lost replicas that hold transactions the candidate lacks (errant or ahead): their data is lost. */
  readonly dataLossFrom: readonly InstanceKey[];
  /** Per data-loss replica ("host:port"), the GTIDs it holds that the new primary lacks. */
  readonly dataLossGtids: Readonly<Record<string, string>>;
  /** Hook points whose hooks already ran (never run twice, never left unrun). */
  readonly hooksRun: readonly string[];
  /** The promote step was started: the candidate may be writable, so a rollback makes it read-only first. */
  readonly promoteAttempted: boolean;
}

/** A recovery's progress before anything was decided. */
export const NO_PROGRESS: RecoveryProgress = Object.freeze({
  phase: 'preparing',
  stopped: [],
  madeReadOnly: [],
  candidate: null,
  candidateSource: null,
  catchUpFrom: null,
  followers: [],
  lost: [],
  dataLossFrom: [],
  dataLossGtids: {},
  hooksRun: [],
  promoteAttempted: false,
});

/**
 * Who may write a recovery's steps: its runner (taken over when the runner stops renewing); a write by anyone else
 * is refused (RefusedError orc_deposed), so a paused-then-resumed orc cannot act on a recovery another one took over.
 */
export interface RecoveryGuard {
  readonly runner: string;
  /** The leader's fencing token: when given, the write is refused (orc_deposed) once the lease changed hands or expired. */
  readonly lease?: LeaseToken;
}

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
  /** Transactions were lost with detached replicas (errant or ahead of the promoted server). */
  readonly dataLoss: boolean;
  readonly summary: string;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
  readonly ackComment: string | null;
  /** The process running it now (null once ended): it renews renewedAt while it runs. */
  readonly runner: string | null;
  /** Epoch ms of the runner's latest heartbeat. */
  readonly renewedAt: number | null;
  readonly progress: RecoveryProgress | null;
}

/** What a running recovery may update as it goes. */
export interface RecoveryPatch {
  readonly progress?: RecoveryProgress;
  readonly successor?: InstanceKey | null;
  readonly lost?: readonly InstanceKey[];
  readonly dataLoss?: boolean;
}

/** How a recovery ended. */
export interface RecoveryEndRecord {
  readonly status: RecoveryEndStatus;
  readonly endedAt: number;
  readonly successor: InstanceKey | null;
  readonly lost: readonly InstanceKey[];
  readonly dataLoss?: boolean;
  readonly summary: string;
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

/** The states of a fence row. */
export type FenceState = 'pending' | 'fenced' | 'rejoined' | 'diverged';

/** A demoted primary orc keeps read-only and never accepts back as a primary of its cluster. */
export interface FencedInstance {
  readonly instance: InstanceKey;
  readonly cluster: string;
  readonly recoveryId: string;
  readonly fencedAt: number;
  /**
   * pending: recorded before a promotion, confirmed (fenced) once the promotion succeeded, removed if it did not;
   * fenced: waiting to be seen again; rejoined: replicates from the new primary; diverged: needs re-seeding.
   */
  readonly state: FenceState;
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
  /** Inserts or updates one step (by recovery id and index); with a guard, only while the guard's runner runs it (else orc_deposed). */
  recordStep(step: RecoveryStepRecord, guard?: RecoveryGuard): Promise<void>;
  /** Updates a running recovery's progress, successor or lost replicas (guarded like recordStep). */
  updateRecovery(id: string, patch: RecoveryPatch, guard: RecoveryGuard): Promise<void>;
  /** Ends a recovery and releases its cluster registration (guarded like recordStep when a guard is given). */
  finishRecovery(id: string, end: RecoveryEndRecord, guard?: RecoveryGuard): Promise<void>;
  /** The runner's heartbeat; false when the recovery ended or another runner took it over. */
  renewRecovery(id: string, runner: string, now: number): Promise<boolean>;
  /**
   * Takes over a running recovery whose runner's heartbeat is older than staleBefore (or missing): runner and
   * heartbeat change in one conditional statement, so of several orcs trying at once exactly one wins.
   */
  claimRecovery(id: string, runner: string, now: number, staleBefore: number): Promise<boolean>;
  getRecovery(id: string): Promise<{ record: RecoveryRecord; steps: RecoveryStepRecord[] } | undefined>;
  /** Newest first. */
  listRecoveries(options?: { cluster?: string; limit?: number }): Promise<RecoveryRecord[]>;
  /** Acknowledges unacknowledged recoveries of a cluster (or one by id); returns how many. */
  acknowledgeRecoveries(target: { cluster: string } | { id: string }, by: string, comment: string, at: number): Promise<number>;

  /** Takes the lock or throws RefusedError orc_lock_held naming the holder; an expired lock is taken over. */
  acquireLock(lock: MaintenanceLock, now: number): Promise<void>;
  /** Extends every lock owner holds to expiresAt; returns how many it holds. */
  renewLocks(owner: string, expiresAt: number, now: number): Promise<number>;
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
  /** The fence of one instance (a single-row read, for a decision that must not act on a stale list), if any. */
  getFence(instance: InstanceKey): Promise<FencedInstance | undefined>;
  /** Removes a fence (operator forgets it, or it was re-seeded). */
  clearFence(instance: InstanceKey): Promise<boolean>;

  /** Runtime switches (e.g. global recovery enabled), as text. */
  getSetting(name: string): Promise<string | null>;
  setSetting(name: string, value: string, at: number): Promise<void>;
}

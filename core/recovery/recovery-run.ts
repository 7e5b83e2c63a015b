import { nanoid } from 'nanoid';
import { errorLine, OrcError } from '../errors.js';
import type { HookPoint } from '../hooks/hook-points.js';
import { buildHookValues, type HookContext } from '../hooks/hook-values.js';
import { runHooks } from '../hooks/run-hooks.js';
import { sameInstance, type InstanceKey } from '../model/instance-key.js';
import type {
  RecoveryEndRecord,
  RecoveryGuard,
  RecoveryPatch,
  RecoveryProgress,
  RecoveryRecord,
  RecoveryStepRecord,
  StepStatus,
} from '../ports/recovery-store.js';
import { sleepOn } from '../ports/clock.js';
import { LOCK_TTL_MS } from './maintenance-locks.js';
import type { PlannedStep } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { runAction, type TargetFailure } from './run-step.js';

/** The result of executing one plan: whether every critical step succeeded, the first failure, and failed targets. */
export interface PlanResult {
  readonly ok: boolean;
  readonly failure: string | null;
  /** This orc may no longer act on the recovery (another one took it over, or leadership was lost): stop at once. */
  readonly deposed: boolean;
  /** Targets of multi-server steps that failed (critical or not), in step order. */
  readonly failedTargets: readonly TargetFailure[];
  /** Names of non-critical steps that failed. */
  readonly failedSteps: readonly string[];
  /** What each non-critical step that failed reported ("name: error"), in step order. */
  readonly stepFailures: readonly string[];
}

/** How often a running recovery renews its heartbeat and its maintenance locks. */
export const RECOVERY_RENEW_MS = 1_000;

/** Where a run starts: a new recovery at step 1, or a recovery another orc left, after its last recorded step. */
export interface RecoveryRunStart {
  readonly runner: string;
  readonly firstIndex: number;
  readonly progress: RecoveryProgress;
  /** Owner of the maintenance locks the run holds (renewed with its heartbeat). */
  readonly lockOwner: string;
}

/** A runner identity unique per process and run: which orc runs a recovery now. */
export function runnerName(orcHost: string): string {
  return `${orcHost.slice(0, 200)}:${process.pid}:${nanoid(8)}`;
}

/**
 * One registered recovery being executed by this orc: runs plans step by step, persisting every step's outcome
 * and timing (hooks become one step per hook run) and the recovery's progress, all guarded by its runner identity
 * so that once another orc takes the recovery over (or this one loses leadership) nothing more is done here. It
 * keeps the hook context that later steps and hooks see, and renews its heartbeat and locks while it runs.
 */
export class RecoveryRun {
  private nextIndex: number;
  private hookContext: HookContext;
  private state: RecoveryProgress;
  private deposedReason: string | null = null;
  private heartbeat: AbortController | null = null;
  readonly guard: RecoveryGuard;

  constructor(
    private readonly deps: RecoveryDeps,
    readonly record: RecoveryRecord,
    hookContext: HookContext,
    private readonly start: RecoveryRunStart,
  ) {
    this.hookContext = hookContext;
    this.nextIndex = start.firstIndex;
    this.state = start.progress;
    const lease = deps.leadership?.token() ?? null;
    this.guard = lease ? { runner: start.runner, lease } : { runner: start.runner };
  }

  /** What the recovery changed and decided so far. */
  get progress(): RecoveryProgress {
    return this.state;
  }

  /** Why this orc may no longer act on the recovery, or null. */
  get deposed(): string | null {
    if (this.deposedReason === null && this.deps.leadership && !this.deps.leadership.mayAct()) {
      this.deposedReason = 'this orc is no longer the leader';
    }
    return this.deposedReason;
  }

  /** Starts renewing the recovery's heartbeat and maintenance locks (hooks may run long; locks must not expire under them). */
  startHeartbeat(): void {
    if (this.heartbeat) return;
    const controller = new AbortController();
    this.heartbeat = controller;
    void this.renewUntil(controller.signal);
  }

  /** Stops renewing. */
  stopHeartbeat(): void {
    this.heartbeat?.abort();
    this.heartbeat = null;
  }

  /** Updates what hooks are told (successor, lost replicas, success). */
  updateHookContext(patch: Partial<HookContext>): void {
    this.hookContext = { ...this.hookContext, ...patch };
  }

  /**
   * Persists progress (and successor / lost replicas) before the changes it announces; false when this orc may no
   * longer act (the caller stops). A store failure is logged: the recovery goes on with what it has in memory.
   */
  async updateProgress(progress: Partial<RecoveryProgress>, extra: Omit<RecoveryPatch, 'progress'> = {}): Promise<boolean> {
    this.state = { ...this.state, ...progress };
    if (this.deposed !== null) return false;
    try {
      await this.deps.store.updateRecovery(this.record.id, { progress: this.state, ...extra }, this.guard);
    } catch (err) {
      if (this.noteDeposed(err)) return false;
      this.deps.logger.error({ recovery: this.record.id, err: errorLine(err) }, 'recording recovery progress failed');
    }
    return true;
  }

  /** Executes steps in order; stops at the first failed critical step or when deposed. Never throws for a failed step. */
  async execute(steps: readonly PlannedStep[], signal: AbortSignal): Promise<PlanResult> {
    const failedTargets: TargetFailure[] = [];
    const failedSteps: string[] = [];
    const stepFailures: string[] = [];
    for (const planned of steps) {
      if (this.deposed !== null) return this.refuse(planned, failedTargets, failedSteps, stepFailures);
      const outcome = await this.executeStep(planned, signal);
      if (outcome === 'deposed') return this.refuse(planned, failedTargets, failedSteps, stepFailures);
      failedTargets.push(...outcome.failed);
      if (outcome.failure === null) continue;
      if (planned.critical) return { ok: false, failure: outcome.failure, deposed: false, failedTargets, failedSteps, stepFailures };
      failedSteps.push(planned.name);
      stepFailures.push(outcome.failure);
    }
    return { ok: true, failure: null, deposed: false, failedTargets, failedSteps, stepFailures };
  }

  /** Records a step that was decided rather than executed (e.g. the candidate choice), with its reason. */
  async note(name: string, status: StepStatus, message: string): Promise<void> {
    const at = this.deps.clock.now();
    await this.recordStep({ recoveryId: this.record.id, index: this.nextIndex++, name, status, startedAt: at, endedAt: at, message });
  }

  /** Ends the recovery in the store, only while this orc runs it. */
  async finish(end: Omit<RecoveryEndRecord, 'endedAt'>): Promise<void> {
    await this.deps.store.finishRecovery(this.record.id, { ...end, endedAt: this.deps.clock.now() }, this.guard);
  }

  private async refuse(planned: PlannedStep, failedTargets: TargetFailure[], failedSteps: string[], stepFailures: string[]): Promise<PlanResult> {
    const reason = this.deposedReason ?? 'this orc no longer runs the recovery';
    this.deps.logger.warn({ recovery: this.record.id, step: planned.name, reason }, 'recovery step refused');
    await this.deps.store
      .appendAudit({
        id: nanoid(),
        at: this.deps.clock.now(),
        actor: this.record.actor,
        action: 'step-refused',
        target: this.record.id,
        cluster: this.record.cluster,
        detail: `recovery ${this.record.id}: step "${planned.name}" not run by ${this.guard.runner}: ${reason}`,
        outcome: 'refused',
      })
      .catch(() => undefined);
    return { ok: false, failure: `step "${planned.name}" refused: ${reason}`, deposed: true, failedTargets, failedSteps, stepFailures };
  }

  private async executeStep(planned: PlannedStep, signal: AbortSignal): Promise<{ failure: string | null; failed: readonly TargetFailure[] } | 'deposed'> {
    const { action } = planned;
    if (action.kind === 'hook') return this.runHookPoint(action.point, signal);
    const index = this.nextIndex++;
    const startedAt = this.deps.clock.now();
    const base = { recoveryId: this.record.id, index, name: planned.name, startedAt };
    // The running row is the leadership check: written with the guard before the server is touched.
    if (!(await this.recordStep({ ...base, status: 'running', endedAt: null, message: '' }))) return 'deposed';
    try {
      let message: string;
      let failed: readonly TargetFailure[] = [];
      if (action.kind === 'record-fence') message = await this.recordFence(action.target, action.state);
      else if (action.kind === 'clear-fence') message = await this.clearPendingFence(action.target);
      else ({ message, failed } = await runAction(action, this.deps, signal));
      const status = failed.length > 0 ? 'failed' : 'ok';
      await this.recordStep({ ...base, status, endedAt: this.deps.clock.now(), message });
      return { failure: failed.length > 0 ? `${planned.name}: ${message}` : null, failed };
    } catch (err) {
      const message = errorLine(err);
      await this.recordStep({ ...base, status: 'failed', endedAt: this.deps.clock.now(), message });
      this.deps.logger.warn({ recovery: this.record.id, step: planned.name, err: message }, 'recovery step failed');
      return { failure: `${planned.name}: ${message}`, failed: [] };
    }
  }

  private async runHookPoint(point: HookPoint, signal: AbortSignal): Promise<{ failure: string | null; failed: readonly TargetFailure[] } | 'deposed'> {
    // A recovery resumed by another orc never runs a point's hooks twice.
    if (this.state.hooksRun.includes(point)) return { failure: null, failed: [] };
    const hooks = this.deps.config.hooks[point];
    if (hooks.length > 0) {
      const result = await runHooks(point, hooks, buildHookValues(this.hookContext), this.deps.hookRunner, signal);
      for (const r of result.results) {
        const end = this.deps.clock.now();
        const recorded = await this.recordStep({
          recoveryId: this.record.id,
          index: this.nextIndex++,
          name: r.step,
          status: r.ok ? 'ok' : 'failed',
          startedAt: end - Math.round(r.durationMs),
          endedAt: end,
          message: `exit ${r.exitCode ?? r.signal ?? 'none'} in ${Math.round(r.durationMs)} ms${r.ok ? '' : `: ${r.stderrTail.trim().slice(-500)}`}`,
        });
        if (!recorded) return 'deposed';
      }
      if (result.abort) return { failure: result.reason ?? `${point} hooks aborted`, failed: [] };
    }
    if (!(await this.updateProgress({ hooksRun: [...this.state.hooksRun, point] }))) return 'deposed';
    return { failure: null, failed: [] };
  }

  /** Records this recovery's fence of the old primary: pending before the promotion, fenced once it succeeded. */
  private async recordFence(target: InstanceKey, state: 'pending' | 'fenced'): Promise<string> {
    const at = this.deps.clock.now();
    await this.deps.store.recordFence({
      instance: target,
      cluster: this.record.cluster,
      recoveryId: this.record.id,
      fencedAt: at,
      state,
      updatedAt: at,
      detail: state === 'pending' ? `recovery ${this.record.id} is promoting a successor` : `demoted by recovery ${this.record.id}`,
    });
    return state === 'pending' ? 'kept until the promotion is confirmed or undone' : 'set read-only whenever it answers';
  }

  /** Removes the fence only when it is this recovery's pending one (an earlier confirmed fence stays). */
  private async clearPendingFence(target: InstanceKey): Promise<string> {
    const fence = (await this.deps.store.listFenced()).find((f) => sameInstance(f.instance, target));
    if (!fence) return 'no fence recorded';
    if (fence.state !== 'pending' || fence.recoveryId !== this.record.id) return `kept: fenced ${fence.state} by recovery ${fence.recoveryId}`;
    await this.deps.store.clearFence(target);
    return 'removed';
  }

  /** Persists one step with the guard; false when deposed. Other store failures are logged, never allowed to stop a recovery half done. */
  private async recordStep(step: RecoveryStepRecord): Promise<boolean> {
    try {
      await this.deps.store.recordStep(step, this.guard);
      return true;
    } catch (err) {
      if (this.noteDeposed(err)) return false;
      this.deps.logger.error({ recovery: this.record.id, step: step.name, status: step.status, err: errorLine(err) }, 'recording a recovery step failed');
      // Without the store the guard cannot be checked: go on only while this orc still may act by its own clock.
      return this.deposed === null;
    }
  }

  private noteDeposed(err: unknown): boolean {
    if (!(err instanceof OrcError) || err.code !== 'orc_deposed') return false;
    this.deposedReason = err.message;
    return true;
  }

  /** Renews every RECOVERY_RENEW_MS of the injected clock, one renewal at a time, until stopped or deposed. */
  private async renewUntil(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await sleepOn(this.deps.clock, RECOVERY_RENEW_MS, signal);
      } catch {
        return;
      }
      await this.renew();
    }
  }

  private async renew(): Promise<void> {
    const now = this.deps.clock.now();
    try {
      if (!(await this.deps.store.renewRecovery(this.record.id, this.guard.runner, now))) {
        this.deposedReason ??= 'another orc took this recovery over (or it ended)';
        this.stopHeartbeat();
        return;
      }
      await this.deps.store.renewLocks(this.start.lockOwner, now + LOCK_TTL_MS, now);
    } catch (err) {
      this.deps.logger.warn({ recovery: this.record.id, err: errorLine(err) }, 'renewing a running recovery failed');
    }
  }
}

import { errorLine } from '../errors.js';
import { buildHookValues, type HookContext } from '../hooks/hook-values.js';
import { runHooks } from '../hooks/run-hooks.js';
import type { InstanceKey } from '../model/instance-key.js';
import type { RecoveryRecord, RecoveryStepRecord, StepStatus } from '../ports/recovery-store.js';
import type { PlannedStep } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { runAction } from './run-step.js';

/** The result of executing one plan: whether every critical step succeeded, and the first failure. */
export interface PlanResult {
  readonly ok: boolean;
  readonly failure: string | null;
}

/**
 * One registered recovery being executed: runs plans step by step, persisting every step's outcome and timing
 * (hooks become one step per hook run), and keeps the hook context that later steps and hooks see.
 */
export class RecoveryRun {
  private nextIndex = 1;
  private hookContext: HookContext;

  constructor(
    private readonly deps: RecoveryDeps,
    readonly record: RecoveryRecord,
    hookContext: HookContext,
  ) {
    this.hookContext = hookContext;
  }

  /** Updates what hooks are told (successor, lost replicas, success). */
  updateHookContext(patch: Partial<HookContext>): void {
    this.hookContext = { ...this.hookContext, ...patch };
  }

  /** Executes steps in order; stops at the first failed critical step. Never throws for a failed step. */
  async execute(steps: readonly PlannedStep[], signal: AbortSignal): Promise<PlanResult> {
    for (const planned of steps) {
      const failure = await this.executeStep(planned, signal);
      if (failure !== null && planned.critical) return { ok: false, failure };
    }
    return { ok: true, failure: null };
  }

  /** Records a step that was decided rather than executed (e.g. the candidate choice), with its reason. */
  async note(name: string, status: StepStatus, message: string): Promise<void> {
    const at = this.deps.clock.now();
    await this.recordStep({ recoveryId: this.record.id, index: this.nextIndex++, name, status, startedAt: at, endedAt: at, message });
  }

  private async executeStep(planned: PlannedStep, signal: AbortSignal): Promise<string | null> {
    const { action } = planned;
    if (action.kind === 'hook') {
      const hooks = this.deps.config.hooks[action.point];
      if (hooks.length === 0) return null;
      const result = await runHooks(action.point, hooks, buildHookValues(this.hookContext), this.deps.hookRunner, signal);
      for (const r of result.results) {
        const end = this.deps.clock.now();
        await this.recordStep({
          recoveryId: this.record.id,
          index: this.nextIndex++,
          name: r.step,
          status: r.ok ? 'ok' : 'failed',
          startedAt: end - Math.round(r.durationMs),
          endedAt: end,
          message: `exit ${r.exitCode ?? r.signal ?? 'none'} in ${Math.round(r.durationMs)} ms${r.ok ? '' : `: ${r.stderrTail.trim().slice(-500)}`}`,
        });
      }
      return result.abort ? (result.reason ?? `${action.point} hooks aborted`) : null;
    }
    const index = this.nextIndex++;
    const startedAt = this.deps.clock.now();
    const base = { recoveryId: this.record.id, index, name: planned.name, startedAt };
    await this.recordStep({ ...base, status: 'running', endedAt: null, message: '' });
    try {
      if (action.kind === 'record-fence') {
        // Recorded before anything is promoted: whatever happens next, the old primary is never accepted back.
        const at = this.deps.clock.now();
        await this.deps.store.recordFence({
          instance: action.target,
          cluster: this.record.cluster,
          recoveryId: this.record.id,
          fencedAt: at,
          state: 'fenced',
          updatedAt: at,
          detail: `demoted by recovery ${this.record.id}`,
        });
        await this.recordStep({ ...base, status: 'ok', endedAt: this.deps.clock.now(), message: 'set read-only whenever it answers' });
        return null;
      }
      const outcome = await runAction(action, this.deps, signal);
      await this.recordStep({ ...base, status: 'ok', endedAt: this.deps.clock.now(), message: outcome.message });
      return null;
    } catch (err) {
      const message = errorLine(err);
      await this.recordStep({ ...base, status: 'failed', endedAt: this.deps.clock.now(), message });
      this.deps.logger.warn({ recovery: this.record.id, step: planned.name, err: message }, 'recovery step failed');
      return `${planned.name}: ${message}`;
    }
  }

  /** Persists one step; a store failure is logged, never allowed to stop a recovery half done. */
  private async recordStep(step: RecoveryStepRecord): Promise<void> {
    try {
      await this.deps.store.recordStep(step);
    } catch (err) {
      this.deps.logger.error({ recovery: this.record.id, step: step.name, status: step.status, err: errorLine(err) }, 'recording a recovery step failed');
    }
  }

  /** Ends the recovery in the store. */
  async finish(status: 'succeeded' | 'failed', successor: InstanceKey | null, lost: readonly InstanceKey[], summary: string): Promise<void> {
    await this.deps.store.finishRecovery(this.record.id, { status, endedAt: this.deps.clock.now(), successor, lost, summary });
  }
}

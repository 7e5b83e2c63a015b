import { RefusedError } from '../errors.js';
import { checkOrchestrateInput } from './check-orchestrate-input.js';
import { advanceRolling, effectiveVersion } from './effective-version.js';
import { evaluateTargets, type TallySummary, type TargetTally } from './evaluate-targets.js';
import { ingestReports, newTarget } from './ingest-reports.js';
import { markRollingBad } from './mark-rolling-bad.js';
import type { MonitoringCheck } from './monitoring-check.js';
import { isRollingUndecided, type Rollout } from './rollout.js';
import type { RolloutEvent } from './rollout-event.js';
import { formatRolloutKey } from './rollout-key.js';
import { rolloutPhase } from './rollout-phase.js';
import type { RolloutTarget, TargetReport } from './rollout-target.js';
import { TargetSet } from './target-set.js';
import { rolloutThresholds, type RolloutThresholds } from './rollout-thresholds.js';
import { selectBatch, type Selection } from './select-batch.js';
import { targetOutcome } from './target-outcome.js';

/** What a caller passes to one step besides the reports: how to select the next batch, and the health checks it measured. */
export interface OrchestrateOptions {
  readonly selection?: Selection;
  readonly checks?: readonly MonitoringCheck[];
}

/** One orchestration step's input: the stored rollout and targets, the controller's reports, the options and the time. */
export interface OrchestrateInput {
  readonly rollout: Rollout;
  readonly targets: readonly RolloutTarget[];
  readonly reports: readonly TargetReport[];
  readonly options?: OrchestrateOptions;
  readonly now: number;
}

/** What one step decided: the new rollout and targets (the wanted version of each), what to write, and the events. */
export interface OrchestrateResult {
  readonly rollout: Rollout;
  /** Every target after the step: stored order, then new ones; targets[i].wantedVersion is what it should run. */
  readonly targets: readonly RolloutTarget[];
  /** Targets created or changed by this step (to write). */
  readonly upserts: readonly RolloutTarget[];
  /** Targets gone: dropped after 15 minutes unreported, or removed by a selection filter. */
  readonly removals: readonly string[];
  readonly events: readonly RolloutEvent[];
  readonly effectiveVersion: string | null;
  readonly rollback: boolean;
  readonly thresholds: RolloutThresholds;
  /** Why no batch started although one was due (the selection step failed or chose nonsense); null otherwise. */
  readonly selectionError: string | null;
  /** True when the rollout or any target changed: there is something to persist. */
  readonly changed: boolean;
}

function describeCheck(c: MonitoringCheck): string {
  return `${c.name}${c.message ? `: ${c.message}` : ''}`;
}

function deadlinePassed(r: Rollout, now: number): boolean {
  const secs = r.options.progressDeadlineSecs;
  return secs !== null && r.pause === null && r.progressAt !== null && now - r.progressAt > secs * 1000;
}

function summary(tally: TargetTally): TallySummary {
  return { pending: tally.pending, succeeded: tally.succeeded, failed: tally.failed.length, candidates: tally.candidates.length };
}

/** The tally after telling a batch, from the one before it: only the told targets are looked at again. */
function withTold(
  tally: TargetTally,
  told: readonly RolloutTarget[],
  toldCandidates: number,
  effective: string | null,
  options: Rollout['options'],
  now: number,
  failedChecks: ReadonlySet<string>,
): TallySummary {
  const out = { ...summary(tally), candidates: tally.candidates.length - toldCandidates };
  for (const t of told) {
    const outcome = targetOutcome(t, effective, options, now, failedChecks.has(t.name));
    if (outcome === 'succeeded') out.succeeded += 1;
    else if (outcome === 'failed') out.failed += 1;
    else out.pending += 1;
  }
  return out;
}

/** How many targets the next batch may tell: all (full promotion), the step's size once the last step is decided, or the window's free room. */
function batchCount(r: Rollout, thresholds: RolloutThresholds, pending: number, candidates: number): number {
  if (r.fullPromotion) return candidates;
  const steps = r.options.steps;
  if (steps === null && !r.options.pauseBetweenSteps) return thresholds.batch - pending;
  if (pending > 0 && !r.advanceStep) return 0;
  return steps === null ? thresholds.batch : steps[Math.min(r.step, steps.length - 1)]!;
}

/**
 * The pure orchestration step (rollouts.md "One orchestration call"): ingests the reports, takes the effective
 * version (the rolling one, or the last known good in rollback mode), decides each told target, marks the rolling
 * version bad (failures at the threshold, a failing monitoring check, the progress deadline: then nothing more is
 * told) or good (successes at the threshold), tells the next batch, and returns the wanted version of every
 * target, the new rollout and the events. A rollout without a target version is refused (orc_refused); absurd
 * input is an InputError. O(targets + reports).
 */
export function orchestrate(input: OrchestrateInput): OrchestrateResult {
  checkOrchestrateInput(input);
  const { now } = input;
  const start = input.rollout;
  if (start.targetVersion === '') {
    throw new RefusedError('orc_refused', `rollout ${formatRolloutKey(start)}: no target version is set: set one before orchestrating`, { rollout: formatRolloutKey(start) });
  }
  const base = { namespace: start.namespace, entity: start.entity, at: now };
  const events: RolloutEvent[] = [];
  const set = new TargetSet(input.targets);
  const ingested = ingestReports(set, input.reports, start.lastKnownGoodVersion, now);
  const removals: string[] = [...ingested.dropped];
  if (removals.length > 0) events.push({ ...base, version: start.rollingVersion, kind: 'dropped', targets: removals.slice() });

  let r = advanceRolling(start, now);
  const { effective, rollback } = effectiveVersion(r);
  const failedChecks = new Set<string>();
  const entityFailures: MonitoringCheck[] = [];
  for (const c of input.options?.checks ?? []) {
    if (c.passed) continue;
    if (c.target === undefined) entityFailures.push(c);
    else failedChecks.add(c.target);
  }
  const tally = evaluateTargets(set.targets, effective, r.options, now, failedChecks);
  const total = set.size;
  const thresholds = rolloutThresholds(r.options, total);
  if (tally.succeeded > r.counts.succeeded) r = { ...r, progressAt: now };

  let failReason: string | null = null;
  if (isRollingUndecided(r)) {
    if (entityFailures.length > 0) failReason = `monitoring: ${entityFailures.map(describeCheck).join('; ')}`;
    else if (tally.failed.length >= thresholds.failThreshold) failReason = `${tally.failed.length} of ${total} targets failed (the limit is ${thresholds.failThreshold})`;
    else if (deadlinePassed(r, now)) failReason = `no progress for more than ${r.options.progressDeadlineSecs} s (progress deadline)`;
    else if (tally.succeeded >= thresholds.successThreshold) {
      r = { ...r, lastKnownGoodVersion: r.rollingVersion };
      events.push({ ...base, version: r.rollingVersion, kind: 'marked-good', reason: `${tally.succeeded} of ${total} targets succeeded (${thresholds.successThreshold} needed)` });
    }
  }

  let selectionError: string | null = null;
  let removed = false;
  const told: RolloutTarget[] = [];
  let toldCandidates = 0;
  if (failReason !== null) {
    events.push({ ...base, version: r.rollingVersion, kind: 'failed', reason: failReason, failedTargets: tally.failed });
    r = markRollingBad(r, now);
  } else if (effective !== null) {
    if (tally.pending === 0 && r.step > r.stepsDone) {
      r = { ...r, stepsDone: r.step };
      events.push({ ...base, version: r.rollingVersion, kind: 'step-done', step: r.step, rollback });
      if (!rollback && r.options.pauseBetweenSteps && !r.fullPromotion && tally.candidates.length > 0 && r.pause === null) {
        r = { ...r, pause: { kind: 'step', reason: `step ${r.step} done: promote to start the next one` } };
      }
    }
    const count = rollback || r.pause === null ? batchCount(r, thresholds, tally.pending, tally.candidates.length) : 0;
    if (count > 0 && tally.candidates.length > 0) {
      const selection = input.options?.selection;
      const batch = selection === undefined ? null : selectBatch(selection, { version: effective, rollback, count, candidates: tally.candidates, targets: set.targets });
      if (batch?.error) {
        selectionError = batch.error;
        events.push({ ...base, version: r.rollingVersion, kind: 'selection-failed', error: batch.error });
      }
      const positions = batch === null ? tally.candidatePositions.slice(0, count) : batch.select.map((name) => set.positionOf(name)!);
      toldCandidates = positions.length;
      for (const i of positions) {
        const t = { ...set.targets[i]!, wantedVersion: effective, wantedAt: now };
        set.put(i, t);
        told.push(t);
      }
      for (const report of batch?.create ?? []) {
        const t = newTarget(report, effective, now);
        set.append(t);
        told.push(t);
      }
      if (batch !== null && batch.remove.length > 0) {
        set.remove(new Set(batch.remove));
        removals.push(...batch.remove);
        removed = true;
      }
      if (told.length > 0) {
        r = { ...r, step: r.step + 1, advanceStep: false, progressAt: now };
        events.push({ ...base, version: r.rollingVersion, kind: 'step-started', step: r.step, to: effective, rollback, targets: told.map((t) => t.name) });
      }
    }
  }

  const after = effectiveVersion(r);
  const final =
    failReason === null && !removed
      ? withTold(tally, told, toldCandidates, effective, r.options, now, failedChecks)
      : summary(evaluateTargets(set.targets, after.effective, r.options, now, failedChecks));
  const phase = rolloutPhase(r, after, final);
  r = { ...r, phase, counts: { total: set.size, pending: final.pending, succeeded: final.succeeded, failed: final.failed } };
  if (phase !== start.phase || r.rollingVersion !== start.rollingVersion) {
    if (phase === 'completed') events.push({ ...base, version: r.rollingVersion, kind: 'completed' });
    else if (phase === 'rolled-back') events.push({ ...base, version: r.rollingVersion, kind: 'rolled-back', to: r.lastKnownGoodVersion });
    else if (phase === 'paused' && start.phase !== 'paused') events.push({ ...base, version: r.rollingVersion, kind: 'paused', reason: r.pause?.reason ?? '' });
  }
  const rolloutChanged = JSON.stringify(r) !== JSON.stringify(start);
  if (rolloutChanged) r = { ...r, updatedAt: now };
  const upserts = set.changed();
  return {
    rollout: r,
    targets: set.targets,
    upserts,
    removals,
    events,
    effectiveVersion: after.effective,
    rollback: after.rollback,
    thresholds,
    selectionError,
    changed: rolloutChanged || upserts.length > 0 || removals.length > 0,
  };
}

import { InputError } from '../errors.js';
import { isValidInstant } from '../model/instant.js';
import { checkRollout } from './check-rollout.js';
import { checkMonitoringChecks, type MonitoringCheck } from './monitoring-check.js';
import type { Rollout } from './rollout.js';
import { checkRolloutTarget, checkTargetReport, isRolloutTargetShape, type RolloutTarget, type TargetReport } from './rollout-target.js';
import type { Selection } from './select-batch.js';

/** Most targets one entity may hold, and most reports in one call. */
export const MAX_ROLLOUT_TARGETS = 1_000_000;

const KINDS: ReadonlySet<unknown> = new Set(['approved', 'failed', 'filter']);

/** Checks a selection passed in as data is one of the known kinds, well formed. */
export function checkSelection(selection: Selection): void {
  if (typeof selection !== 'object' || selection === null || !KINDS.has(selection.kind)) {
    throw new InputError('selection must be { kind: approved, names } | { kind: failed, error } | { kind: filter, choose }', { field: 'selection' });
  }
  if (selection.kind === 'approved' && (!Array.isArray(selection.names) || selection.names.some((n) => typeof n !== 'string'))) {
    throw new InputError('selection.names must be a list of target names', { field: 'selection.names' });
  }
  if (selection.kind === 'failed' && typeof selection.error !== 'string') throw new InputError('selection.error must be a string', { field: 'selection.error' });
  if (selection.kind === 'filter' && typeof selection.choose !== 'function') throw new InputError('selection.choose must be a function', { field: 'selection.choose' });
}

/** Refuses absurd input of the pure step with InputError naming the field: malformed rollout, targets, reports, selection, checks or time. */
export function checkOrchestrateInput(input: {
  readonly rollout: Rollout;
  readonly targets: readonly RolloutTarget[];
  readonly reports: readonly TargetReport[];
  readonly options?: { readonly selection?: Selection; readonly checks?: readonly MonitoringCheck[] };
  readonly now: number;
}): void {
  if (typeof input.now !== 'number' || !isValidInstant(input.now)) throw new InputError(`now must be whole epoch milliseconds, got ${String(input.now)}`, { field: 'now' });
  checkRollout(input.rollout);
  if (!Array.isArray(input.targets) || input.targets.length > MAX_ROLLOUT_TARGETS) {
    throw new InputError(`targets must be a list of at most ${MAX_ROLLOUT_TARGETS}`, { field: 'targets' });
  }
  for (const t of input.targets) if (!isRolloutTargetShape(t)) checkRolloutTarget(t);
  if (!Array.isArray(input.reports) || input.reports.length > MAX_ROLLOUT_TARGETS) {
    throw new InputError(`reports must be a list of at most ${MAX_ROLLOUT_TARGETS} targets`, { field: 'reports' });
  }
  for (let i = 0; i < input.reports.length; i++) checkTargetReport(input.reports[i]!, i);
  const options = input.options ?? {};
  if (options.selection !== undefined) checkSelection(options.selection);
  if (options.checks !== undefined) checkMonitoringChecks(options.checks);
}

import { InputError } from '../errors.js';
import { isValidInstant } from '../model/instant.js';
import { checkRollout } from './check-rollout.js';
import { advanceRolling, effectiveVersion } from './effective-version.js';
import { evaluateTargets } from './evaluate-targets.js';
import type { Rollout } from './rollout.js';
import type { RolloutTarget } from './rollout-target.js';
import { rolloutThresholds } from './rollout-thresholds.js';

/**
 * A dry run of the rest of a rollout, assuming every told target succeeds: the version the batches move targets
 * to, the targets told it and not decided yet, the batches in order, the candidates an approval list leaves out,
 * and why no batch would start now (null when one would).
 */
export interface RolloutPlan {
  readonly version: string | null;
  readonly rollback: boolean;
  readonly inFlight: readonly string[];
  readonly batches: readonly (readonly string[])[];
  readonly notApproved: readonly string[];
  readonly blocked: string | null;
}

/** What a plan is made from: the stored rollout and targets, optionally the approved names in priority order, and the time. */
export interface PlanInput {
  readonly rollout: Rollout;
  readonly targets: readonly RolloutTarget[];
  readonly approved?: readonly string[];
  readonly now: number;
}

function chunks(names: readonly string[], sizes: (k: number) => number): string[][] {
  const out: string[][] = [];
  for (let at = 0, k = 0; at < names.length; k++) {
    const size = Math.max(1, sizes(k));
    out.push(names.slice(at, at + size));
    at += size;
  }
  return out;
}

/** Plans the batches still to come, without changing anything (the dry run of `orc rollout start --dry-run`). O(targets). */
export function planRollout(input: PlanInput): RolloutPlan {
  if (!isValidInstant(input.now)) throw new InputError(`now must be whole epoch milliseconds, got ${String(input.now)}`, { field: 'now' });
  checkRollout(input.rollout);
  const r = advanceRolling(input.rollout, input.now);
  const { effective, rollback } = effectiveVersion(r);
  if (effective === null) {
    const blocked = r.rollingVersion === '' ? 'no target version is set' : `${r.rollingVersion} is bad and there is no good version to roll back to`;
    return { version: null, rollback, inFlight: [], batches: [], notApproved: [], blocked };
  }
  const tally = evaluateTargets(input.targets, effective, r.options, input.now);
  const inFlight = input.targets.filter((t) => t.wantedVersion === effective && t.version !== effective).map((t) => t.name);
  let order = tally.candidates.map((t) => t.name);
  let notApproved: string[] = [];
  if (input.approved !== undefined) {
    const open = new Set(order);
    const approved = input.approved.filter((n) => open.delete(n));
    notApproved = order.filter((n) => open.has(n));
    order = approved;
  }
  const { batch } = rolloutThresholds(r.options, input.targets.length);
  const steps = r.options.steps;
  const discrete = steps !== null || r.options.pauseBetweenSteps;
  const batches = r.fullPromotion
    ? chunks(order, () => order.length)
    : discrete
      ? chunks(order, (k) => (steps === null ? batch : steps[Math.min(r.step + k, steps.length - 1)]!))
      : chunks(order, (k) => (k === 0 && batch - tally.pending > 0 ? batch - tally.pending : batch));
  const blocked = !rollback && r.pause !== null ? `paused: ${r.pause.reason}` : order.length === 0 ? 'no target is left to tell' : null;
  return { version: effective, rollback, inFlight, batches, notApproved, blocked };
}

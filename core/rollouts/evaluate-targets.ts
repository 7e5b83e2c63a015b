import type { RolloutOptions } from './rollout-options.js';
import type { RolloutTarget } from './rollout-target.js';
import { targetOutcome } from './target-outcome.js';

/** The targets against the effective version: the told ones pending, succeeded and failed, and the ones not told yet (candidates, in order, with their positions). */
export interface TargetTally {
  readonly pending: number;
  readonly succeeded: number;
  readonly failed: readonly string[];
  readonly candidates: readonly RolloutTarget[];
  readonly candidatePositions: readonly number[];
}

/** The numbers of a tally: what the phase and the stored counts need. */
export interface TallySummary {
  pending: number;
  succeeded: number;
  failed: number;
  candidates: number;
}

const NO_FAILED_CHECKS: ReadonlySet<string> = new Set();

/** rollouts.md step 3 over every target in one pass; failedChecks names the targets a monitoring check reports bad. */
export function evaluateTargets(
  targets: readonly RolloutTarget[],
  effective: string | null,
  options: Pick<RolloutOptions, 'successTimeoutSecs' | 'durationTimeoutSecs'>,
  now: number,
  failedChecks: ReadonlySet<string> = NO_FAILED_CHECKS,
): TargetTally {
  let pending = 0;
  let succeeded = 0;
  const failed: string[] = [];
  const candidates: RolloutTarget[] = [];
  const candidatePositions: number[] = [];
  if (effective === null) return { pending, succeeded, failed, candidates, candidatePositions };
  const checked = failedChecks.size > 0;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    switch (targetOutcome(t, effective, options, now, checked && failedChecks.has(t.name))) {
      case 'idle':
        candidates.push(t);
        candidatePositions.push(i);
        break;
      case 'pending':
        pending += 1;
        break;
      case 'succeeded':
        succeeded += 1;
        break;
      case 'failed':
        failed.push(t.name);
        break;
    }
  }
  return { pending, succeeded, failed, candidates, candidatePositions };
}

import { InputError } from '../errors.js';
import { checkRolloutText } from './rollout-text.js';

/**
 * The result of one health check measured by the caller (a gate of orc's fleet controller, a metric query): a
 * failing check about a target fails that target; one about no target marks the rolling version bad. A check
 * whose own evaluation failed is reported as failing: it never fails the call.
 */
export interface MonitoringCheck {
  readonly name: string;
  readonly target?: string;
  readonly passed: boolean;
  readonly message?: string;
}

/** Most checks in one step. */
export const MAX_CHECKS = 100_000;

/** Checks a list of monitoring results (InputError naming the field). */
export function checkMonitoringChecks(checks: readonly MonitoringCheck[]): void {
  if (!Array.isArray(checks) || checks.length > MAX_CHECKS) throw new InputError(`checks must be a list of at most ${MAX_CHECKS} results`, { field: 'checks' });
  checks.forEach((c, i) => {
    if (typeof c !== 'object' || c === null) throw new InputError(`checks[${i}] must be an object`, { field: `checks[${i}]` });
    checkRolloutText(c.name, `checks[${i}].name`);
    if (c.target !== undefined) checkRolloutText(c.target, `checks[${i}].target`);
    if (typeof c.passed !== 'boolean') throw new InputError(`checks[${i}].passed must be true or false`, { field: `checks[${i}].passed` });
    if (c.message !== undefined && typeof c.message !== 'string') throw new InputError(`checks[${i}].message must be a string`, { field: `checks[${i}].message` });
  });
}

import type { OrchestrateOutcome, OrchestrateRequest } from '../rollouts/rollout-engine.js';
import type { RolloutKey } from '../rollouts/rollout-key.js';
import type { TargetReport } from '../rollouts/rollout-target.js';
import { auditRolloutEvents } from '../rollouts/audit-rollout-events.js';
import { rolloutEngine, type RolloutCommandContext } from './rollout-command-context.js';

/**
 * One orchestration call for an external controller (POST /api/rollouts/NS/ENTITY/orchestrate): the reports in,
 * the wanted version of every target out. What the step did (batches, failures, completion) is audited as
 * rollout-<event> with the actor; a dry run writes and audits nothing.
 */
export async function orchestrateRollout(
  ctx: Pick<RolloutCommandContext, 'store' | 'clock' | 'actor'>,
  key: RolloutKey,
  reports: readonly TargetReport[],
  request: OrchestrateRequest = {},
): Promise<OrchestrateOutcome> {
  const outcome = await rolloutEngine(ctx).orchestrate(key, reports, request);
  if (outcome.persisted) await auditRolloutEvents(ctx, outcome.events);
  return outcome;
}

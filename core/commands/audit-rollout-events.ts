import { nanoid } from 'nanoid';
import { describeRolloutEvent } from '../rollouts/describe-rollout-event.js';
import type { RolloutEvent } from '../rollouts/rollout-event.js';
import type { RolloutCommandContext } from './rollout-command-context.js';

/** Appends one audit entry per rollout event (action rollout-<kind>, target namespace/entity), in order; failures are outcome failed. */
export async function auditRolloutEvents(ctx: Pick<RolloutCommandContext, 'store' | 'actor'>, events: readonly RolloutEvent[]): Promise<void> {
  for (const e of events) {
    await ctx.store.appendAudit({
      id: nanoid(),
      at: e.at,
      actor: ctx.actor,
      action: `rollout-${e.kind}`,
      target: `${e.namespace}/${e.entity}`,
      cluster: null,
      detail: describeRolloutEvent(e),
      outcome: e.kind === 'failed' || e.kind === 'selection-failed' ? 'failed' : 'ok',
    });
  }
}

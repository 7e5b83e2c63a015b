import { nanoid } from 'nanoid';
import type { Store } from '../ports/store.js';
import { describeRolloutEvent } from './describe-rollout-event.js';
import type { RolloutEvent } from './rollout-event.js';

/**
 * Appends one audit entry per rollout event (action rollout-<kind>, target namespace/entity), in order; failures are
 * outcome failed. A fleet rollout names its cluster, so its notifications go to that cluster's channel.
 */
export async function auditRolloutEvents(
  ctx: { readonly store: Pick<Store, 'appendAudit'>; readonly actor: string },
  events: readonly RolloutEvent[],
  cluster: string | null = null,
): Promise<void> {
  for (const e of events) {
    await ctx.store.appendAudit({
      id: nanoid(),
      at: e.at,
      actor: ctx.actor,
      action: `rollout-${e.kind}`,
      target: `${e.namespace}/${e.entity}`,
      cluster,
      detail: describeRolloutEvent(e),
      outcome: e.kind === 'failed' || e.kind === 'selection-failed' ? 'failed' : 'ok',
    });
  }
}

import { abortSeed } from '../../core/commands/abort-seed.js';
import { acknowledgeRecoveries } from '../../core/commands/acknowledge-recoveries.js';
import { beginDowntime } from '../../core/commands/begin-downtime.js';
import { controlRollout } from '../../core/commands/control-rollout.js';
import { endDowntime } from '../../core/commands/end-downtime.js';
import type { RecoveryCommandContext } from '../../core/commands/recovery-command-context.js';
import { relocate } from '../../core/commands/relocate.js';
import type { RolloutCommandContext } from '../../core/commands/rollout-command-context.js';
import type { SeedCommandContext } from '../../core/commands/seed-command-context.js';
import { startSeed } from '../../core/commands/start-seed.js';
import { takeover } from '../../core/commands/takeover.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { formatAge } from '../../core/model/instance-problems.js';
import { formatRolloutId } from '../../core/rollouts/rollout-id.js';
import type { ActionRequest, DashboardActions } from './action-request.js';

/** The context the dashboard's actions run in: everything the CLI's commands take, with the dashboard's actor. */
export type ActionContext = RecoveryCommandContext & SeedCommandContext & RolloutCommandContext;

const DOWNTIME_REASON = 'set from the dashboard';

/** The dashboard's actions over the same core commands the CLI runs (so refusals, locks and audit are the same). */
export function commandActions(ctx: ActionContext): DashboardActions {
  return {
    actor: ctx.actor,
    async run(request: ActionRequest, signal: AbortSignal): Promise<string> {
      switch (request.kind) {
        case 'takeover': {
          const result = await takeover(ctx, request.cluster, { to: formatInstanceKey(request.to) }, signal);
          const window = result.windowMs === null ? '' : `, write window ${formatAge(result.windowMs)}`;
          return `takeover ${result.recovery.id} ${result.recovery.status}${result.rolledBack ? ' (rolled back)' : ''}${window}: ${result.recovery.summary}`;
        }
        case 'relocate': {
          const result = await relocate(ctx, formatInstanceKey(request.instance), formatInstanceKey(request.below), signal);
          return `${formatInstanceKey(result.instance)} now replicates from ${formatInstanceKey(result.to)}`;
        }
        case 'begin-downtime': {
          const downtime = await beginDowntime(ctx, formatInstanceKey(request.instance), { forMs: request.forMs }, DOWNTIME_REASON);
          return `${formatInstanceKey(downtime.instance)} downtimed for ${formatAge(downtime.until - downtime.beganAt)}`;
        }
        case 'end-downtime': {
          const ended = await endDowntime(ctx, formatInstanceKey(request.instance));
          return ended ? `downtime of ${formatInstanceKey(request.instance)} ended` : `${formatInstanceKey(request.instance)} had no downtime`;
        }
        case 'ack': {
          const result = await acknowledgeRecoveries(ctx, request.cluster, `acknowledged from the dashboard by ${ctx.actor}`);
          return `acknowledged ${result.acknowledged.length} recover${result.acknowledged.length === 1 ? 'y' : 'ies'} of ${request.cluster}`;
        }
        case 'start-seed': {
          const seed = await startSeed(
            ctx,
            { method: request.method, source: formatInstanceKey(request.source), target: formatInstanceKey(request.target) },
            signal,
          );
          return `seed ${seed.id} scheduled: ${formatInstanceKey(seed.source)} -> ${formatInstanceKey(seed.target)} (${seed.method})`;
        }
        case 'abort-seed': {
          const seed = await abortSeed(ctx, request.id);
          return `seed ${seed.id}: abort requested (${seed.stage} ${seed.status})`;
        }
        case 'pause-rollout': {
          const outcome = await controlRollout(ctx, request.key, { kind: 'pause', reason: `paused from the dashboard by ${ctx.actor}` });
          return `rollout ${formatRolloutId(request.key)} ${outcome.rollout.phase}`;
        }
        case 'abort-rollout': {
          const outcome = await controlRollout(ctx, request.key, { kind: 'abort', reason: `aborted from the dashboard by ${ctx.actor}` });
          return `rollout ${formatRolloutId(request.key)} ${outcome.rollout.phase}`;
        }
      }
    },
  };
}

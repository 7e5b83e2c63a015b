import { nanoid } from 'nanoid';
import type { SlackBotDeps } from '../slack-bot-deps.js';

/** Audits a bot decision that no core command audits (a refusal, a cancel, an expired confirmation); never throws. */
export async function auditSlack(deps: SlackBotDeps, actor: string, action: string, target: string, detail: string, outcome: 'ok' | 'refused'): Promise<void> {
  await deps.ctx.store
    .appendAudit({ id: nanoid(), at: deps.ctx.clock.now(), actor, action, target: target.slice(0, 500), cluster: null, detail, outcome })
    .catch((err: unknown) => deps.logger.error({ err: String(err) }, 'audit of a Slack action failed'));
}

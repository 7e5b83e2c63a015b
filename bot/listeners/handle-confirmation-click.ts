import type { webApi } from '@slack/bolt';
import { errorLine } from '../../core/errors.js';
import { slackActor } from '../bot-context.js';
import { slackRefusal } from '../authorize-slack-user.js';
import { executeBotCommand } from '../execute-bot-command.js';
import { parseBotCommand } from '../parse-bot-command.js';
import type { SlackBotDeps } from '../slack-bot-deps.js';
import { slackMessage } from '../slack-message.js';
import { errorReply, noticeReply, progressReply } from '../views/action-views.js';
import type { BotReply } from '../views/blocks.js';
import { auditSlack } from './audit-slack.js';
import { watchRecoveryProgress } from './recovery-progress.js';

/** A click on Confirm or Cancel: which confirmation, who clicked, and the message holding the buttons. */
export interface ConfirmationClick {
  readonly confirmationId: string;
  readonly confirm: boolean;
  readonly userId: string;
  readonly userName: string;
  readonly channel: string;
  readonly messageTs: string;
}

/**
 * Handles a Confirm or Cancel click (already acked). Only the requester, or a user authorized for destructive
 * commands in that channel, may decide; anyone else is told why and nothing changes. A confirmation is taken
 * once (a double click runs nothing twice); an expired one runs nothing. On Confirm the one message shows progress,
 * then the result.
 */
export async function handleConfirmationClick(deps: SlackBotDeps, client: webApi.WebClient, click: ConfirmationClick, whisper: (reply: BotReply) => Promise<void>): Promise<void> {
  const actor = slackActor(click.userId, click.userName);
  const update = (reply: BotReply) => client.chat.update({ channel: click.channel, ts: click.messageTs, ...slackMessage(reply) });
  const pending = await deps.ctx.store.getPendingConfirmation(click.confirmationId);
  if (!pending) {
    await whisper(noticeReply('This confirmation is no longer pending; nothing was done.'));
    return;
  }
  if (click.userId !== pending.requester) {
    const groups = await deps.groups.groupsOf(client, click.userId);
    const refusal = slackRefusal(deps.slack, { userId: click.userId, userGroups: groups, channel: click.channel }, 'destructive');
    if (refusal !== null) {
      await auditSlack(deps, actor, click.confirm ? 'slack-confirm' : 'slack-cancel', pending.command, `orc_refused: only ${pending.requester} or a user authorized for destructive commands may decide: ${refusal}`, 'refused');
      await whisper(errorReply(`orc_refused: only ${pending.requester} or a user authorized for destructive commands may decide`));
      return;
    }
  }
  if (!(await deps.ctx.store.takePendingConfirmation(pending.id))) {
    await whisper(noticeReply('Someone else decided first; nothing was done.'));
    return;
  }
  if (deps.ctx.clock.now() > pending.expiresAt) {
    await auditSlack(deps, actor, 'slack-expired', pending.command, `confirmation of <@${pending.requester}> expired; nothing done`, 'refused');
    await update(noticeReply(`:hourglass: Expired: \`/orc ${pending.command}\` was not run.`));
    return;
  }
  if (!click.confirm) {
    await auditSlack(deps, actor, 'slack-cancel', pending.command, `cancelled; nothing done`, 'ok');
    await update(noticeReply(`Cancelled by <@${click.userId}>: \`/orc ${pending.command}\` was not run.`));
    return;
  }
  try {
    const command = parseBotCommand(pending.command);
    await auditSlack(deps, actor, 'slack-confirm', pending.command, `confirmed the request of slack:${pending.requester} (${pending.requesterName})`, 'ok');
    const what = `Running \`/orc ${pending.command}\``;
    await update(progressReply(what, click.userId));
    const long = command.kind === 'takeover' || command.kind === 'failover';
    const stopWatching = long ? watchRecoveryProgress(deps.ctx, command.cluster, deps.ctx.clock.now(), what, click.userId, update) : async () => {};
    let reply: BotReply;
    try {
      reply = await executeBotCommand({ ...deps.ctx, actor }, command, click.userId, deps.signal);
    } finally {
      await stopWatching();
    }
    await update(reply);
  } catch (err) {
    await update(errorReply(errorLine(err)));
  }
}

import type { webApi } from '@slack/bolt';
import { nanoid } from 'nanoid';
import { errorLine } from '../../core/errors.js';
import { commandClass, needsConfirmation, type BotCommand } from '../bot-command.js';
import { slackActor } from '../bot-context.js';
import { slackRefusal } from '../authorize-slack-user.js';
import { executeBotCommand } from '../execute-bot-command.js';
import { parseBotCommand } from '../parse-bot-command.js';
import type { SlackBotDeps } from '../slack-bot-deps.js';
import { slackMessage } from '../slack-message.js';
import { confirmationReply, errorReply } from '../views/action-views.js';
import type { BotReply } from '../views/blocks.js';
import { auditSlack } from './audit-slack.js';

/** Who sent a command, where, and its text. */
export interface CommandRequest {
  readonly text: string;
  readonly userId: string;
  readonly userName: string;
  readonly channel: string;
}

/** Where a command's replies go: privately to the requester, or into the channel (a mention's thread). */
export interface Replier {
  readonly private: (reply: BotReply) => Promise<void>;
  readonly public: (reply: BotReply) => Promise<void>;
}

/**
 * Handles one `/orc` text or mention (already acked): parse, authorize, then run a read or an operation at once, or
 * post a confirmation for a destructive command; a malformed or refused command changes nothing and says why.
 */
export async function handleCommandText(deps: SlackBotDeps, client: webApi.WebClient, req: CommandRequest, replier: Replier): Promise<void> {
  try {
    await handle(deps, client, req, replier);
  } catch (err) {
    // The store or Slack failed before the command ran: say so rather than leave the user without an answer.
    deps.logger.error({ err: errorLine(err) }, 'slack: a command could not be handled');
    await replier.private(errorReply(errorLine(err))).catch(() => undefined);
  }
}

async function handle(deps: SlackBotDeps, client: webApi.WebClient, req: CommandRequest, replier: Replier): Promise<void> {
  const actor = slackActor(req.userId, req.userName);
  let command: BotCommand;
  try {
    command = parseBotCommand(req.text);
  } catch (err) {
    await replier.private(errorReply(errorLine(err)));
    return;
  }
  const cls = commandClass(command);
  const groups = await deps.groups.groupsOf(client, req.userId);
  const refusal = slackRefusal(deps.slack, { userId: req.userId, userGroups: groups, channel: req.channel }, cls);
  if (refusal !== null) {
    await auditSlack(deps, actor, 'slack-command', req.text, `orc_refused: ${refusal}`, 'refused');
    await replier.private(errorReply(`orc_refused: ${refusal}`));
    return;
  }
  if (needsConfirmation(command)) {
    const now = deps.ctx.clock.now();
    const id = nanoid();
    const expiresAt = now + deps.slack.confirmationExpiryMs;
    await deps.ctx.store.savePendingConfirmation({ id, requester: req.userId, requesterName: req.userName, channel: req.channel, command: req.text, createdAt: now, expiresAt });
    await client.chat.postMessage({ channel: req.channel, ...slackMessage(confirmationReply(id, command, req.userId, expiresAt)) });
    return;
  }
  try {
    const reply = await executeBotCommand({ ...deps.ctx, actor }, command, req.userId, deps.signal);
    await (cls === 'read' ? replier.private(reply) : replier.public(reply));
  } catch (err) {
    await replier.private(errorReply(errorLine(err)));
  }
}


import type { Logger } from '../core/ports/logger.js';
import { NotificationLoop } from '../core/notifications/notification-loop.js';
import type { BotCommandContext } from './bot-context.js';
import { SlackBot } from './slack-bot.js';
import { SlackNotifier } from './slack-notifier.js';

/** The bot and its notification loop, running. */
export interface RunningSlack {
  readonly bot: SlackBot;
  readonly notifications: NotificationLoop;
  stop(): Promise<void>;
}

/**
 * Starts the Slack bot (answering commands; any orc process may) and the notification loop (delivering only while
 * it holds the notifier lease); port overrides slack.port in HTTP mode. Requires ctx.config.slack.
 */
export async function startSlack(ctx: BotCommandContext, logger: Logger, port?: number): Promise<RunningSlack> {
  const slack = ctx.config.slack;
  if (!slack) throw new Error('startSlack: the config has no slack section');
  const bot = new SlackBot({ ctx, slack, logger });
  await bot.start(port ?? slack.port);
  const notifications = new NotificationLoop({
    store: ctx.store,
    notifier: new SlackNotifier(bot.client),
    config: { service: ctx.config.service, slack },
    clock: ctx.clock,
    logger,
    orcHost: ctx.orcHost,
  });
  try {
    await notifications.start();
  } catch (err) {
    await bot.stop();
    throw err;
  }
  return {
    bot,
    notifications,
    async stop() {
      await notifications.stop();
      await bot.stop();
    },
  };
}

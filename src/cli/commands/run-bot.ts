import { startSlack } from '../../../bot/start-slack.js';
import { ConfigError } from '../../../core/errors.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { createLogger } from '../create-logger.js';
import { withContext } from '../run-command.js';
import { untilSignal } from './until-signal.js';

/** `orc bot`'s work, loaded only when the bot runs (Bolt is heavy): the Slack bot until SIGINT or SIGTERM. */
export async function runBot(configPath: string | undefined, port: number | undefined, io: CliIo, signals: NodeJS.EventEmitter): Promise<void> {
  await withContext(configPath, async ({ ctx }) => {
    if (!ctx.config.slack) throw new ConfigError('the config has no slack section: the bot needs one (see README, "Slack bot")', { path: 'slack' });
    const logger = createLogger(ctx.config, io.stderr);
    const slack = await startSlack(ctx, logger, port);
    const where = slack.bot.listeningPort === null ? 'Socket Mode' : `http://0.0.0.0:${slack.bot.listeningPort}/slack/events`;
    writeLine(io.stdout, `orc bot: listening (${where})`);
    await untilSignal(signals);
    logger.info({}, 'stopping');
    await slack.stop();
    logger.flush();
  });
}

import type { Command } from '@commander-js/extra-typings';
import { InputError } from '../../../core/errors.js';
import type { ApiMode } from '../api-mode.js';
import type { CliIo } from '../cli-io.js';

/** `orc bot [--port P]`: the Slack bot (commands, and notifications while it holds the notifier lease) until SIGINT or SIGTERM. */
export function registerBot(program: Command, io: CliIo, mode: ApiMode, signals: NodeJS.EventEmitter): void {
  program
    .command('bot')
    .description('run the Slack bot standalone: /orc commands and mentions, confirmations, and channel notifications')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--port <port>', 'in http mode, serve /slack/events on this port (overrides slack.port; 0 picks a free one)')
    .action(async (opts) => {
      mode.refuse('bot');
      const port = opts.port === undefined ? undefined : Number(opts.port);
      if (port !== undefined && (!/^\d{1,5}$/.test(opts.port!) || port > 65535)) throw new InputError(`--port must be a number from 0 to 65535, got "${opts.port}"`, { input: opts.port });
      const { runBot } = await import('./run-bot.js');
      await runBot(opts.config, port, io, signals);
    });
}

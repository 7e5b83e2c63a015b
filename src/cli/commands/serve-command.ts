import type { Command } from '@commander-js/extra-typings';
import type { ApiMode } from '../api-mode.js';
import type { CliIo } from '../cli-io.js';

/** `orc serve [--listen HOST:PORT]`: the service (discovery, analysis, recovery) and its HTTP API until SIGINT or SIGTERM. */
export function registerServe(program: Command, io: CliIo, mode: ApiMode, signals: NodeJS.EventEmitter): void {
  program
    .command('serve')
    .description('run the orc service: continuous discovery, failure analysis and automated recovery, and the HTTP API when configured')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--listen <host:port>', 'serve the HTTP API here (overrides api.listen; port 0 picks a free one)')
    .action(async (opts) => {
      mode.refuse('serve');
      const { runServe } = await import('./run-serve.js');
      await runServe(opts.config, opts.listen, io, signals);
    });
}

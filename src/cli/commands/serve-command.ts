import type { Command } from '@commander-js/extra-typings';
import { hostname } from 'node:os';
import { claimSqliteStore } from '../../service/claim-sqlite-store.js';
import { OrcService } from '../../service/orc-service.js';
import { createRecoveryPorts } from '../../service/recovery-ports.js';
import type { CliIo } from '../cli-io.js';
import { createLogger } from '../create-logger.js';
import { ORC_VERSION } from '../orc-version.js';
import type { OpenedContext } from '../open-context.js';
import { withContext } from '../run-command.js';

/** `orc serve`: runs continuous discovery into the store until SIGINT or SIGTERM. */
export function registerServe(program: Command, io: CliIo, signals: NodeJS.EventEmitter): void {
  program
    .command('serve')
    .description('run the orc service: continuous discovery, failure analysis and automated recovery')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .action(async (opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const lock = await claimSqliteStore(ctx.config.store, ctx.store);
        try {
          await serve(ctx, io, signals);
        } finally {
          lock?.release();
        }
      });
    });
}

/** Runs the service until SIGINT or SIGTERM, then stops it (its loops, then its lease). */
async function serve(ctx: OpenedContext['ctx'], io: CliIo, signals: NodeJS.EventEmitter): Promise<void> {
  const logger = createLogger(ctx.config, io.stderr);
  const ports = createRecoveryPorts(ctx.config);
  const service = new OrcService({ ...ctx, ...ports, logger, orcHost: hostname(), version: ORC_VERSION });
  await service.start();
  await new Promise<void>((resolve) => {
    const onSignal = (name: string) => {
      logger.info({ signal: name }, 'stopping');
      signals.off('SIGINT', onSignal);
      signals.off('SIGTERM', onSignal);
      resolve();
    };
    signals.on('SIGINT', onSignal);
    signals.on('SIGTERM', onSignal);
  });
  await service.stop();
  logger.flush();
}

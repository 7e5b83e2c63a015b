import type { Command } from '@commander-js/extra-typings';
import { takeover } from '../../../core/commands/takeover.js';
import { OperationError } from '../../../core/errors.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { recoveryJson, recoveryText } from '../format/recovery-text.js';
import { withContext } from '../run-command.js';
import { interruptSignal } from './interrupt.js';

/** `orc takeover CLUSTER [--to HOST:PORT]`: planned handover of the primary role to a replica. */
export function registerTakeover(program: Command, io: CliIo, signals: NodeJS.EventEmitter): void {
  program
    .command('takeover')
    .description('graceful takeover: make a direct replica (--to, or the best one) the primary; the old primary replicates from it')
    .argument('<cluster>', 'cluster name, alias or any member HOST:PORT')
    .option('--to <host:port>', 'the replica to promote (default: the best direct replica)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (cluster, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const interrupt = interruptSignal(signals);
        try {
          const result = await takeover(ctx, cluster, opts.to !== undefined ? { to: opts.to } : {}, interrupt.signal);
          if (opts.json) writeJson(io.stdout, { ...recoveryJson(result.recovery, result.steps), windowMs: result.windowMs, rolledBack: result.rolledBack });
          else for (const line of recoveryText(result.recovery, result.steps)) writeLine(io.stdout, line);
          if (result.recovery.status !== 'succeeded') throw new OperationError(`takeover failed: ${result.recovery.summary}`, { recovery: result.recovery.id });
        } finally {
          interrupt.dispose();
        }
      });
    });
}

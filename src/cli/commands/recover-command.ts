import type { Command } from '@commander-js/extra-typings';
import { recoverInstance } from '../../../core/commands/recover-instance.js';
import { OperationError } from '../../../core/errors.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { recoveryJson, recoveryText } from '../format/recovery-text.js';
import { withContext } from '../run-command.js';
import { interruptSignal } from './interrupt.js';

/** `orc recover HOST:PORT`: runs the recovery that analysis calls for on that instance now. */
export function registerRecover(program: Command, io: CliIo, signals: NodeJS.EventEmitter): void {
  program
    .command('recover')
    .description('run the recovery the current analysis calls for on HOST:PORT (dead primary, dead intermediate primary)')
    .argument('<host:port>', 'the failed instance')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const interrupt = interruptSignal(signals);
        try {
          const result = await recoverInstance(ctx, target, interrupt.signal);
          if (opts.json) writeJson(io.stdout, recoveryJson(result.recovery, result.steps));
          else for (const line of recoveryText(result.recovery, result.steps)) writeLine(io.stdout, line);
          if (result.recovery.status !== 'succeeded') throw new OperationError(`recovery failed: ${result.recovery.summary}`, { recovery: result.recovery.id });
        } finally {
          interrupt.dispose();
        }
      });
    });
}

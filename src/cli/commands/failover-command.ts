import type { Command } from '@commander-js/extra-typings';
import { forcedFailover } from '../../../core/commands/forced-failover.js';
import { OperationError } from '../../../core/errors.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { recoveryJson, recoveryText } from '../format/recovery-text.js';
import { withContext } from '../run-command.js';
import { interruptSignal } from './interrupt.js';

/** `orc failover CLUSTER`: forced failover, even of a live primary (made read-only first). */
export function registerFailover(program: Command, io: CliIo, signals: NodeJS.EventEmitter): void {
  program
    .command('failover')
    .description('forced failover: promote the best replica even if the primary is alive (a live primary is set read-only first, then fenced)')
    .argument('<cluster>', 'cluster name, alias or any member HOST:PORT')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (cluster, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const interrupt = interruptSignal(signals);
        try {
          const result = await forcedFailover(ctx, cluster, interrupt.signal);
          const undrained = result.undrained.map(formatInstanceKey);
          if (opts.json) writeJson(io.stdout, { ...recoveryJson(result.recovery, result.steps), oldPrimary: result.oldPrimary, undrained });
          else {
            writeLine(io.stdout, `old primary before the failover: ${result.oldPrimary}${undrained.length > 0 ? `; not caught up with it: ${undrained.join(', ')}` : ''}`);
            for (const line of recoveryText(result.recovery, result.steps)) writeLine(io.stdout, line);
          }
          if (result.recovery.status !== 'succeeded') throw new OperationError(`failover failed: ${result.recovery.summary}`, { recovery: result.recovery.id });
        } finally {
          interrupt.dispose();
        }
      });
    });
}

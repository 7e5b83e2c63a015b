import type { Command } from '@commander-js/extra-typings';
import { OperationError } from '../../../core/errors.js';
import { instancePath, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { recoveryJson, recoveryJsonText } from '../format/recovery-text.js';
import { overApiOrStore } from '../run-command.js';
import { interruptSignal } from './interrupt.js';
import { recoveryOverApi } from './recovery-over-api.js';

/** `orc recover HOST:PORT`: runs the recovery that analysis calls for on that instance now. */
export function registerRecover(program: Command, io: CliIo, mode: ApiMode, signals: NodeJS.EventEmitter): void {
  program
    .command('recover')
    .description('run the recovery the current analysis calls for on HOST:PORT (dead primary, dead intermediate primary)')
    .argument('<host:port>', 'the failed instance')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const { recoverInstance } = await import('../../../core/commands/recover-instance.js');
      const r = await overApiOrStore(
        mode,
        opts.config,
        async (api) => recoveryOverApi(api, `/api/recover/${instancePath(target)}`),
        async ({ ctx }) => {
          const interrupt = interruptSignal(signals);
          try {
            const result = await recoverInstance(ctx, target, interrupt.signal);
            return recoveryJson(result.recovery, result.steps);
          } finally {
            interrupt.dispose();
          }
        },
      );
      if (opts.json) writeJson(io.stdout, r);
      else for (const line of recoveryJsonText(r)) writeLine(io.stdout, line);
      if (r.status !== 'succeeded') throw new OperationError(`recovery failed: ${r.summary}`, { recovery: r.id });
    });
}

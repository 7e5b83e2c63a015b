import type { Command } from '@commander-js/extra-typings';
import type { ForgetResult } from '../../../core/commands/forget.js';
import { instancePath, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { overApiOrStore } from '../run-command.js';

/** `orc forget HOST:PORT`: drops a known instance from orc's view, audited (discovery finds it again if still linked). */
export function registerForget(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('forget')
    .description("drop a known instance from orc's view (discovery finds it again while a topology still points at it)")
    .argument('<host:port>', 'the instance')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const { forget } = await import('../../../core/commands/forget.js');
      const result = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.post(`/api/forget/${instancePath(target)}`, {})) as ForgetResult,
        async ({ ctx }) => forget(ctx, target),
      );
      if (opts.json) writeJson(io.stdout, result);
      else writeLine(io.stdout, `forgot ${result.instance} (cluster ${result.cluster})`);
    });
}

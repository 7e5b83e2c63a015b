import type { Command } from '@commander-js/extra-typings';
import { instancePath, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { overApiOrStore } from '../run-command.js';

/** `orc unfence HOST:PORT --reason TEXT`: lifts the fence a recovery put on a former primary, audited. */
export function registerUnfence(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('unfence')
    .description('lift the fence a recovery put on a former primary (orc stops keeping it read-only), with a reason')
    .argument('<host:port>', 'the fenced server')
    .option('--reason <text>', 'why (required; audited)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const { unfence } = await import('../../../core/commands/unfence.js');
      const result = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.post(`/api/unfence/${instancePath(target)}`, { reason: opts.reason ?? '' })) as Awaited<ReturnType<typeof unfence>>,
        async ({ ctx }) => unfence(ctx, target, opts.reason),
      );
      if (opts.json) writeJson(io.stdout, result);
      else writeLine(io.stdout, result.message);
    });
}

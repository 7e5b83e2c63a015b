import type { Command } from '@commander-js/extra-typings';
import { moveUp } from '../../../core/commands/move-up.js';
import { relocate } from '../../../core/commands/relocate.js';
import { repoint } from '../../../core/commands/repoint.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { relocateJson, relocateLine } from '../format/relocate-text.js';
import { withContext } from '../run-command.js';

/** `orc relocate`, `orc move-up` and `orc repoint`: GTID moves of one replica within its cluster. */
export function registerRelocate(program: Command, io: CliIo): void {
  program
    .command('relocate')
    .description('move a replica below another server of its cluster (by GTID)')
    .argument('<host:port>', 'the replica to move')
    .requiredOption('--below <host:port>', 'its new source')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const result = await relocate(ctx, target, opts.below);
        if (opts.json) writeJson(io.stdout, relocateJson(result));
        else writeLine(io.stdout, relocateLine(result));
      });
    });
  program
    .command('move-up')
    .description("move a replica below its source's source")
    .argument('<host:port>', 'the replica to move')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const result = await moveUp(ctx, target);
        if (opts.json) writeJson(io.stdout, relocateJson(result));
        else writeLine(io.stdout, relocateLine(result));
      });
    });
  program
    .command('repoint')
    .description('re-issue CHANGE MASTER (by GTID) to the same source, or to --to')
    .argument('<host:port>', 'the replica')
    .option('--to <host:port>', 'a new source (same as relocate --below)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const result = await repoint(ctx, target, opts.to);
        if (opts.json) writeJson(io.stdout, relocateJson(result));
        else writeLine(io.stdout, relocateLine(result));
      });
    });
}

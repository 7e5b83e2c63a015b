import type { Command } from '@commander-js/extra-typings';
import { canonicalInstance, instancePath, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { relocateJson, relocateLine, type RelocateJson } from '../format/relocate-text.js';
import { overApiOrStore } from '../run-command.js';

/** `orc relocate`, `orc move-up` and `orc repoint`: GTID moves of one replica within its cluster. */
export function registerRelocate(program: Command, io: CliIo, mode: ApiMode): void {
  const print = (r: RelocateJson, json: boolean | undefined) => (json ? writeJson(io.stdout, r) : writeLine(io.stdout, relocateLine(r)));
  program
    .command('relocate')
    .description('move a replica below another server of its cluster (by GTID)')
    .argument('<host:port>', 'the replica to move')
    .requiredOption('--below <host:port>', 'its new source')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const { relocate } = await import('../../../core/commands/relocate.js');
      const r = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.post(`/api/relocate/${instancePath(target)}/${instancePath(opts.below)}`)) as RelocateJson,
        async ({ ctx }) => relocateJson(await relocate(ctx, target, opts.below)),
      );
      print(r, opts.json);
    });
  program
    .command('move-up')
    .description("move a replica below its source's source")
    .argument('<host:port>', 'the replica to move')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const { moveUp } = await import('../../../core/commands/move-up.js');
      const r = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.post(`/api/move-up/${instancePath(target)}`)) as RelocateJson,
        async ({ ctx }) => relocateJson(await moveUp(ctx, target)),
      );
      print(r, opts.json);
    });
  program
    .command('repoint')
    .description('re-issue CHANGE MASTER (by GTID) to the same source, or to --to')
    .argument('<host:port>', 'the replica')
    .option('--to <host:port>', 'a new source (same as relocate --below)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const { repoint } = await import('../../../core/commands/repoint.js');
      const r = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.post(`/api/repoint/${instancePath(target)}`, opts.to !== undefined ? { to: canonicalInstance(opts.to) } : {})) as RelocateJson,
        async ({ ctx }) => relocateJson(await repoint(ctx, target, opts.to)),
      );
      print(r, opts.json);
    });
}

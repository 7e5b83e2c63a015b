import type { Command } from '@commander-js/extra-typings';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import type { ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { withContext } from '../run-command.js';

/** `orc errant HOST:PORT [--fix]`: errant GTIDs of a replica against its primary, and the MySQL fix. */
export function registerErrant(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('errant')
    .description('show transactions a replica executed that its primary lacks; --fix injects empty ones on the primary (MySQL only)')
    .argument('<host:port>', 'the replica')
    .option('--fix', 'MySQL: commit an empty transaction per errant GTID on the primary')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      mode.refuse('errant');
      const { errantTransactions } = await import('../../../core/commands/errant.js');
      const { fixErrant } = await import('../../../core/commands/fix-errant.js');
      await withContext(opts.config, async ({ ctx }) => {
        if (opts.fix) {
          const r = await fixErrant(ctx, target);
          if (opts.json) writeJson(io.stdout, { instance: formatInstanceKey(r.before.replica), errant: r.before.errant, injected: r.injected, after: r.after });
          else writeLine(io.stdout, r.injected === 0 ? `${formatInstanceKey(r.before.replica)} has no errant GTID` : `injected ${r.injected} empty transaction(s) on ${formatInstanceKey(r.before.primary)}; errant now: ${r.after || 'none'}`);
          return;
        }
        const r = await errantTransactions(ctx, target);
        const fix = r.fix === null ? null : r.fix.kind === 'inject' ? `orc errant ${formatInstanceKey(r.replica)} --fix (injects empty transactions on ${formatInstanceKey(r.fix.on)})` : r.fix.explanation;
        if (opts.json) {
          writeJson(io.stdout, { instance: formatInstanceKey(r.replica), primary: formatInstanceKey(r.primary), flavor: r.flavor, errant: r.errant, fix });
          return;
        }
        writeLine(io.stdout, `${formatInstanceKey(r.replica)} vs primary ${formatInstanceKey(r.primary)}: ${r.errant === '' ? 'no errant GTID' : `errant GTID ${r.errant}`}`);
        if (fix) writeLine(io.stdout, `fix: ${fix}`);
      });
    });
}

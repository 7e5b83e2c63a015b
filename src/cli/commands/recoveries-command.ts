import type { Command } from '@commander-js/extra-typings';
import { listRecoveries } from '../../../core/commands/list-recoveries.js';
import { recoveryDetail } from '../../../core/commands/recovery-detail.js';
import { setRecoveriesEnabled } from '../../../core/commands/set-recoveries-enabled.js';
import { InputError } from '../../../core/errors.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { recoveryJson, recoveryLine, recoveryText } from '../format/recovery-text.js';
import { withContext } from '../run-command.js';

/** `orc recoveries [CLUSTER] [--limit N]`, `orc recoveries enable|disable` and `orc recovery ID`. */
export function registerRecoveries(program: Command, io: CliIo): void {
  program
    .command('recoveries')
    .description('list recoveries newest first; `recoveries enable|disable` switches automated recovery globally')
    .argument('[cluster]', 'cluster name, alias or member HOST:PORT; or enable / disable')
    .option('--limit <n>', 'how many', '20')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (cluster, opts) => {
      const limit = Number(opts.limit);
      if (!Number.isSafeInteger(limit) || limit < 1) throw new InputError(`--limit must be a positive integer, got "${opts.limit}"`, { input: opts.limit });
      await withContext(opts.config, async ({ ctx }) => {
        if (cluster === 'enable' || cluster === 'disable') {
          const state = await setRecoveriesEnabled(ctx, cluster === 'enable');
          if (opts.json) writeJson(io.stdout, state);
          else {
            const note = state.enabled && !state.configEnabled ? ' (but recovery.enabled is false in the config)' : '';
            writeLine(io.stdout, `automated recoveries ${state.enabled ? 'enabled' : 'disabled'} globally${note}`);
          }
          return;
        }
        const records = await listRecoveries(ctx, cluster, limit);
        if (opts.json) writeJson(io.stdout, records.map((r) => recoveryJson(r)));
        else if (records.length === 0) writeLine(io.stdout, 'no recoveries');
        else for (const r of records) writeLine(io.stdout, recoveryLine(r));
      });
    });
  program
    .command('recovery')
    .description('one recovery with every step (status, timing, message)')
    .argument('<id>', 'the recovery id')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (id, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const { record, steps, fence } = await recoveryDetail(ctx, id);
        if (opts.json) writeJson(io.stdout, recoveryJson(record, steps, fence));
        else for (const line of recoveryText(record, steps, fence)) writeLine(io.stdout, line);
      });
    });
}

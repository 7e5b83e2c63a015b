import type { Command } from '@commander-js/extra-typings';
import { acknowledgeRecoveries } from '../../../core/commands/acknowledge-recoveries.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { recoveryJson } from '../format/recovery-text.js';
import { withContext } from '../run-command.js';

/** `orc ack CLUSTER [--comment TEXT]`: acknowledge a cluster's recoveries, lifting the anti-flap block. */
export function registerAck(program: Command, io: CliIo): void {
  program
    .command('ack')
    .description("acknowledge a cluster's recoveries (lifts the anti-flap block on automated recovery)")
    .argument('<cluster>', 'cluster name, alias or any member HOST:PORT')
    .option('--comment <text>', 'why', '')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (cluster, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const { acknowledged } = await acknowledgeRecoveries(ctx, cluster, opts.comment);
        if (opts.json) writeJson(io.stdout, acknowledged.map((r) => recoveryJson(r)));
        else writeLine(io.stdout, acknowledged.length === 0 ? 'nothing to acknowledge' : `acknowledged ${acknowledged.length}: ${acknowledged.map((r) => r.id).join(', ')}`);
      });
    });
}

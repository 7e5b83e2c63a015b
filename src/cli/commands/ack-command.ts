import type { Command } from '@commander-js/extra-typings';
import { segment, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { recoveryJson, type RecoveryJson } from '../format/recovery-text.js';
import { overApiOrStore } from '../run-command.js';

/** `orc ack CLUSTER [--comment TEXT]`: acknowledge a cluster's recoveries, lifting the anti-flap block. */
export function registerAck(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('ack')
    .description("acknowledge a cluster's recoveries (lifts the anti-flap block on automated recovery)")
    .argument('<cluster>', 'cluster name, alias or any member HOST:PORT')
    .option('--comment <text>', 'why', '')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (cluster, opts) => {
      const { acknowledgeRecoveries } = await import('../../../core/commands/acknowledge-recoveries.js');
      const acknowledged = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.post(`/api/ack-recovery/cluster/${segment(cluster)}`, { comment: opts.comment })) as RecoveryJson[],
        async ({ ctx }) => (await acknowledgeRecoveries(ctx, cluster, opts.comment)).acknowledged.map((r) => recoveryJson(r)),
      );
      if (opts.json) writeJson(io.stdout, acknowledged);
      else writeLine(io.stdout, acknowledged.length === 0 ? 'nothing to acknowledge' : `acknowledged ${acknowledged.length}: ${acknowledged.map((r) => r.id).join(', ')}`);
    });
}

import type { Command } from '@commander-js/extra-typings';
import { OperationError } from '../../../core/errors.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { segment, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { recoveryJson, recoveryJsonText, type RecoveryJson } from '../format/recovery-text.js';
import { overApiOrStore } from '../run-command.js';
import { interruptSignal } from './interrupt.js';
import { recoveryOverApi } from './recovery-over-api.js';

/** `orc failover CLUSTER`: forced failover, even of a live primary (made read-only first). */
export function registerFailover(program: Command, io: CliIo, mode: ApiMode, signals: NodeJS.EventEmitter): void {
  program
    .command('failover')
    .description('forced failover: promote the best replica even if the primary is alive (a live primary is set read-only first, then fenced)')
    .argument('<cluster>', 'cluster name, alias or any member HOST:PORT')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (cluster, opts) => {
      const { forcedFailover } = await import('../../../core/commands/forced-failover.js');
      const r = (await overApiOrStore(
        mode,
        opts.config,
        async (api) => recoveryOverApi(api, `/api/force-master-failover/${segment(cluster)}`),
        async ({ ctx }) => {
          const interrupt = interruptSignal(signals);
          try {
            const result = await forcedFailover(ctx, cluster, interrupt.signal);
            return { ...recoveryJson(result.recovery, result.steps), oldPrimary: result.oldPrimary, undrained: result.undrained.map(formatInstanceKey) };
          } finally {
            interrupt.dispose();
          }
        },
      )) as RecoveryJson & { oldPrimary?: string; undrained?: string[] };
      if (opts.json) writeJson(io.stdout, r);
      else {
        // A failed failover fetched over the API by id has no old-primary line: the recovery record does not keep it.
        const undrained = r.undrained ?? [];
        if (r.oldPrimary !== undefined) writeLine(io.stdout, `old primary before the failover: ${r.oldPrimary}${undrained.length > 0 ? `; not caught up with it: ${undrained.join(', ')}` : ''}`);
        for (const line of recoveryJsonText(r)) writeLine(io.stdout, line);
      }
      if (r.status !== 'succeeded') throw new OperationError(`failover failed: ${r.summary}`, { recovery: r.id });
    });
}

import type { Command } from '@commander-js/extra-typings';
import { OperationError } from '../../../core/errors.js';
import { instancePath, segment, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { recoveryJson, recoveryJsonText } from '../format/recovery-text.js';
import { overApiOrStore } from '../run-command.js';
import { interruptSignal } from './interrupt.js';
import { recoveryOverApi } from './recovery-over-api.js';

/** `orc takeover CLUSTER [--to HOST:PORT]`: planned handover of the primary role to a replica. */
export function registerTakeover(program: Command, io: CliIo, mode: ApiMode, signals: NodeJS.EventEmitter): void {
  program
    .command('takeover')
    .description('graceful takeover: make a direct replica (--to, or the best one) the primary; the old primary replicates from it')
    .argument('<cluster>', 'cluster name, alias or any member HOST:PORT')
    .option('--to <host:port>', 'the replica to promote (default: the best direct replica)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (cluster, opts) => {
      const { takeover } = await import('../../../core/commands/takeover.js');
      const r = await overApiOrStore(
        mode,
        opts.config,
        async (api) => recoveryOverApi(api, `/api/graceful-master-takeover/${segment(cluster)}${opts.to !== undefined ? `/${instancePath(opts.to)}` : ''}`),
        async ({ ctx }) => {
          const interrupt = interruptSignal(signals);
          try {
            const result = await takeover(ctx, cluster, opts.to !== undefined ? { to: opts.to } : {}, interrupt.signal);
            return { ...recoveryJson(result.recovery, result.steps), windowMs: result.windowMs, rolledBack: result.rolledBack };
          } finally {
            interrupt.dispose();
          }
        },
      );
      if (opts.json) writeJson(io.stdout, r);
      else for (const line of recoveryJsonText(r)) writeLine(io.stdout, line);
      if (r.status !== 'succeeded') throw new OperationError(`takeover failed: ${r.summary}`, { recovery: r.id });
    });
}

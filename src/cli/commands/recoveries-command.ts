import type { Command } from '@commander-js/extra-typings';
import { InputError } from '../../../core/errors.js';
import { segment, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { recoveryJson, recoveryJsonLine, recoveryJsonText, type RecoveryJson } from '../format/recovery-text.js';
import { overApiOrStore } from '../run-command.js';

interface SwitchState {
  readonly enabled: boolean;
  readonly configEnabled: boolean;
}

/** `orc recoveries [CLUSTER] [--limit N]`, `orc recoveries enable|disable` and `orc recovery ID`. */
export function registerRecoveries(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('recoveries')
    .description('list recoveries newest first; `recoveries enable|disable` switches automated recovery globally')
    .argument('[cluster]', 'cluster name, alias or member HOST:PORT; or enable / disable')
    .option('--limit <n>', 'how many', '20')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (cluster, opts) => {
      const { listRecoveries } = await import('../../../core/commands/list-recoveries.js');
      const { setRecoveriesEnabled } = await import('../../../core/commands/set-recoveries-enabled.js');
      const limit = Number(opts.limit);
      if (!Number.isSafeInteger(limit) || limit < 1) throw new InputError(`--limit must be a positive integer, got "${opts.limit}"`, { input: opts.limit });
      if (cluster === 'enable' || cluster === 'disable') {
        const enable = cluster === 'enable';
        const state = await overApiOrStore(
          mode,
          opts.config,
          async (api) => (await api.post(enable ? '/api/enable-global-recoveries' : '/api/disable-global-recoveries')) as SwitchState,
          async ({ ctx }) => setRecoveriesEnabled(ctx, enable),
        );
        if (opts.json) writeJson(io.stdout, state);
        else {
          const note = state.enabled && !state.configEnabled ? ' (but recovery.enabled is false in the config)' : '';
          writeLine(io.stdout, `automated recoveries ${state.enabled ? 'enabled' : 'disabled'} globally${note}`);
        }
        return;
      }
      const records = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.get(cluster === undefined ? '/api/audit-recovery' : `/api/audit-recovery/${segment(cluster)}`, { limit: String(limit) })) as RecoveryJson[],
        async ({ ctx }) => (await listRecoveries(ctx, cluster, limit)).map((r) => recoveryJson(r)),
      );
      if (opts.json) writeJson(io.stdout, records);
      else if (records.length === 0) writeLine(io.stdout, 'no recoveries');
      else for (const r of records) writeLine(io.stdout, recoveryJsonLine(r));
    });
  program
    .command('recovery')
    .description('one recovery with every step (status, timing, message)')
    .argument('<id>', 'the recovery id')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (id, opts) => {
      const { recoveryDetail } = await import('../../../core/commands/recovery-detail.js');
      const r = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.get(`/api/audit-recovery-steps/${segment(id)}`)) as RecoveryJson,
        async ({ ctx }) => {
          const { record, steps, fence } = await recoveryDetail(ctx, id);
          return recoveryJson(record, steps, fence);
        },
      );
      if (opts.json) writeJson(io.stdout, r);
      else for (const line of recoveryJsonText(r)) writeLine(io.stdout, line);
    });
}

import type { Command } from '@commander-js/extra-typings';
import { InputError } from '../../../core/errors.js';
import type { ApiMode } from '../api-mode.js';
import type { CliIo } from '../cli-io.js';
import { safeUser } from '../safe-user.js';
import { withContext } from '../run-command.js';

/** `orc tui`: the live dashboard over the store the service writes; its actions are audited as tui:<os user>. */
export function registerTui(program: Command, io: CliIo, mode: ApiMode, env: NodeJS.ProcessEnv = {}): void {
  program
    .command('tui')
    .description('open the live dashboard')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--refresh-ms <ms>', 'how often the dashboard re-reads the store (default: half the poll interval)')
    .option('--read-only', 'hide the actions (takeover, relocate, downtime, ack, seeds, rollouts)')
    .action(async (opts) => {
      mode.refuse('tui');
      await withContext(
        opts.config,
        async ({ ctx }) => {
          const refreshMs = opts.refreshMs === undefined ? Math.max(100, Math.floor(ctx.config.discovery.pollIntervalMs / 2)) : parseRefresh(opts.refreshMs);
          // Ink, React and the dashboard load only when the dashboard opens.
          const [{ runDashboard }, { commandActions }, { storeDashboardSource }] = await Promise.all([
            import('../../../tui/run-dashboard.js'),
            import('../../../tui/lib/command-actions.js'),
            import('../../../tui/lib/store-dashboard-source.js'),
          ]);
          await runDashboard({
            source: storeDashboardSource(ctx),
            clock: ctx.clock,
            refreshMs,
            stdin: io.stdin as NodeJS.ReadStream,
            stdout: io.stdout as NodeJS.WriteStream,
            stderr: io.stderr as NodeJS.WriteStream,
            title: opts.readOnly ? 'orc (read-only)' : 'orc',
            actions: opts.readOnly ? null : commandActions(ctx),
            // https://no-color.org: any non-empty value turns colours off.
            colors: !env.NO_COLOR,
          });
        },
        `tui:${safeUser()}`,
      );
    });
}

function parseRefresh(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 50 || n > 3_600_000) {
    throw new InputError(`--refresh-ms "${text}": expected a whole number of milliseconds from 50 to 3600000`, { flag: '--refresh-ms', input: text });
  }
  return n;
}

import type { Command } from '@commander-js/extra-typings';
import { InputError } from '../../../core/errors.js';
import type { DashboardWiring } from '../api-dashboard-wiring.js';
import type { ApiMode } from '../api-mode.js';
import type { CliIo } from '../cli-io.js';
import { safeUser } from '../safe-user.js';
import { withContext } from '../run-command.js';

/** How often the dashboard asks a service's API when --refresh-ms does not say (the store mode's default with the default poll interval is 500 ms). */
const API_REFRESH_MS = 1000;

/**
 * `orc tui`: the live dashboard over the store the service writes, its actions audited as tui:<os user>; with
 * `--api URL` (before or after `tui`) or $ORC_API_URL, over that service's HTTP API with the CLI's credential, its
 * actions audited as the API's actor for it (api:<credential name>).
 */
export function registerTui(program: Command, io: CliIo, mode: ApiMode, env: NodeJS.ProcessEnv = {}): void {
  const open = async (wiring: DashboardWiring) => {
    // Ink, React and the dashboard load only when the dashboard opens.
    const { runDashboard } = await import('../../../tui/run-dashboard.js');
    await runDashboard({
      ...wiring,
      stdin: io.stdin as NodeJS.ReadStream,
      stdout: io.stdout as NodeJS.WriteStream,
      stderr: io.stderr as NodeJS.WriteStream,
      // https://no-color.org: any non-empty value turns colours off.
      colors: !env.NO_COLOR,
    });
  };
  program
    .command('tui')
    .description('open the live dashboard (over the store, or a running service with --api URL)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG); not read with --api')
    .option('--refresh-ms <ms>', 'how often the dashboard re-reads (default: half the poll interval; 1000 with --api)')
    .option('--read-only', 'hide the actions (takeover, relocate, downtime, ack, seeds, rollouts)')
    .action(async (opts) => {
      const title = opts.readOnly ? 'orc (read-only)' : 'orc';
      const api = mode.client();
      if (api !== null) {
        const { apiDashboardWiring } = await import('../api-dashboard-wiring.js');
        await open(await apiDashboardWiring(api, opts.refreshMs === undefined ? API_REFRESH_MS : parseRefresh(opts.refreshMs), opts.readOnly === true, `${title} @ ${api.url}`));
        return;
      }
      await withContext(
        opts.config,
        async ({ ctx }) => {
          const refreshMs = opts.refreshMs === undefined ? Math.max(100, Math.floor(ctx.config.discovery.pollIntervalMs / 2)) : parseRefresh(opts.refreshMs);
          const [{ commandActions }, { storeDashboardSource }] = await Promise.all([import('../../../tui/lib/command-actions.js'), import('../../../tui/lib/store-dashboard-source.js')]);
          await open({ source: storeDashboardSource(ctx), clock: ctx.clock, refreshMs, actions: opts.readOnly ? null : commandActions(ctx), title });
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

import type { Command } from '@commander-js/extra-typings';
import { beginDowntime } from '../../../core/commands/begin-downtime.js';
import { endDowntime } from '../../../core/commands/end-downtime.js';
import { parseDuration } from '../../../core/commands/parse-duration.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { withContext } from '../run-command.js';

/** `orc downtime begin|end HOST:PORT`: suppress automated recovery of an instance for a while. */
export function registerDowntime(program: Command, io: CliIo): void {
  const downtime = program.command('downtime').description('suppress automated recovery of an instance for a while (analysis still shows it)');
  downtime
    .command('begin')
    .description('begin (or replace) a downtime window')
    .argument('<host:port>', 'the instance')
    .requiredOption('--for <duration>', 'how long: 30m, 2h, 1d, 1h30m')
    .requiredOption('--reason <text>', 'why (shown and audited)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const ms = parseDuration(opts.for);
      await withContext(opts.config, async ({ ctx }) => {
        const d = await beginDowntime(ctx, target, ms, opts.reason);
        const until = new Date(d.until).toISOString();
        if (opts.json) writeJson(io.stdout, { instance: formatInstanceKey(d.instance), owner: d.owner, reason: d.reason, beganAt: d.beganAt, until: d.until });
        else writeLine(io.stdout, `${formatInstanceKey(d.instance)} downtimed until ${until}: ${d.reason}`);
      });
    });
  downtime
    .command('end')
    .description('end a downtime window')
    .argument('<host:port>', 'the instance')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const ended = await endDowntime(ctx, target);
        if (opts.json) writeJson(io.stdout, { instance: target, ended });
        else writeLine(io.stdout, ended ? `downtime of ${target} ended` : `${target} had no downtime`);
      });
    });
}

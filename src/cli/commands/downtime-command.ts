import type { Command } from '@commander-js/extra-typings';
import type { DowntimeWindow } from '../../../core/commands/begin-downtime.js';
import { parseDuration } from '../../../core/commands/parse-duration.js';
import { parseInstant } from '../../../core/commands/parse-instant.js';
import { InputError } from '../../../core/errors.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { formatInstant } from '../../../core/model/instant.js';
import { instancePath, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { overApiOrStore } from '../run-command.js';

/** A downtime as `--json` and the API show it. */
interface DowntimeJson {
  readonly instance: string;
  readonly owner: string;
  readonly reason: string;
  readonly beganAt: number;
  readonly until: number;
}

/** `orc downtime begin|end HOST:PORT`: suppress automated recovery of an instance for a while. */
export function registerDowntime(program: Command, io: CliIo, mode: ApiMode): void {
  const downtime = program.command('downtime').description('suppress automated recovery of an instance for a while (analysis still shows it)');
  downtime
    .command('begin')
    .description('begin (or replace) a downtime window of at most 365 days')
    .argument('<host:port>', 'the instance')
    .option('--for <duration>', 'how long: 30m, 2h, 1d, 1h30m')
    .option('--until <date>', 'until when: 2030-01-31 (midnight UTC) or 2030-01-31T08:00Z')
    .requiredOption('--reason <text>', 'why (shown and audited)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const { beginDowntime, MAX_DOWNTIME_MS } = await import('../../../core/commands/begin-downtime.js');
      const window = downtimeWindow(opts.for, opts.until, MAX_DOWNTIME_MS);
      const d = await overApiOrStore(
        mode,
        opts.config,
        async (api) =>
          (await api.post(`/api/begin-downtime/${instancePath(target)}`, {
            reason: opts.reason,
            ...(opts.for !== undefined ? { duration: opts.for } : { until: opts.until }),
          })) as DowntimeJson,
        async ({ ctx }) => {
          const d = await beginDowntime(ctx, target, window, opts.reason);
          return { instance: formatInstanceKey(d.instance), owner: d.owner, reason: d.reason, beganAt: d.beganAt, until: d.until };
        },
      );
      if (opts.json) writeJson(io.stdout, d);
      else writeLine(io.stdout, `${d.instance} downtimed until ${formatInstant(d.until)}: ${d.reason}`);
    });
  downtime
    .command('end')
    .description('end a downtime window')
    .argument('<host:port>', 'the instance')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const { endDowntime } = await import('../../../core/commands/end-downtime.js');
      const ended = await overApiOrStore(
        mode,
        opts.config,
        async (api) => ((await api.post(`/api/end-downtime/${instancePath(target)}`)) as { ended: boolean }).ended,
        async ({ ctx }) => endDowntime(ctx, target),
      );
      if (opts.json) writeJson(io.stdout, { instance: target, ended });
      else writeLine(io.stdout, ended ? `downtime of ${target} ended` : `${target} had no downtime`);
    });
}

function downtimeWindow(forText: string | undefined, untilText: string | undefined, maxMs: number): DowntimeWindow {
  if ((forText === undefined) === (untilText === undefined)) throw new InputError('a downtime takes exactly one of --for DURATION or --until DATE');
  return forText !== undefined ? { forMs: parseDuration(forText, '--for', maxMs) } : { until: parseInstant(untilText!, '--until') };
}

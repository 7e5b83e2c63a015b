import type { Command } from '@commander-js/extra-typings';
import { instancePath, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { instanceJson } from '../format/topology-json.js';
import { overApiOrStore } from '../run-command.js';

/** `orc instance HOST:PORT`: one server's facts (probing it when orc does not know it, or with --live). */
export function registerInstance(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('instance')
    .description('show one server (over --api: only servers orc knows)')
    .argument('<host:port>', 'the server')
    .option('--live', 'probe the server now instead of showing the last observation')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const { instanceDetail } = await import('../../../core/commands/instance-detail.js');
      const json = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.get(`/api/instance/${instancePath(target)}`, opts.live ? { live: 'true' } : {})) as Record<string, unknown>,
        async ({ ctx }) => {
          const { record, known } = await instanceDetail(ctx, target, opts.live === true);
          return { ...instanceJson(record), known } as Record<string, unknown>;
        },
      );
      if (opts.json) {
        writeJson(io.stdout, json);
        return;
      }
      if (!json.known) writeLine(io.stdout, '(not discovered by orc: shown from a live probe only)');
      for (const [k, v] of Object.entries(json)) {
        // An absent field (no role outside a topology) is left out, as JSON leaves it out.
        if (v === undefined) continue;
        if (k === 'replication' && v && typeof v === 'object') {
          for (const [rk, rv] of Object.entries(v)) writeLine(io.stdout, `replication.${rk}: ${String(rv)}`);
        } else if (k !== 'problems') {
          writeLine(io.stdout, `${k}: ${v === null ? '-' : String(v)}`);
        }
      }
    });
}

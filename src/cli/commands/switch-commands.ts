import type { Command } from '@commander-js/extra-typings';
import type { SwitchResult } from '../../../core/commands/stop-replica.js';
import type { RecoveryCommandContext } from '../../../core/commands/recovery-command-context.js';
import { instancePath, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { overApiOrStore } from '../run-command.js';

type Switch = (ctx: RecoveryCommandContext, target: string, force: boolean) => Promise<SwitchResult>;

/** Each switch: name, description, the core command, its API path, and whether it takes --force. */
const SWITCHES: readonly [string, string, Switch, string, boolean][] = [
  ['stop-replica', 'stop replication (IO and SQL threads) on a replica', async (ctx, t) => (await import('../../../core/commands/stop-replica.js')).stopReplica(ctx, t), 'stop-replica', false],
  ['start-replica', 'start replication on a replica', async (ctx, t) => (await import('../../../core/commands/start-replica.js')).startReplica(ctx, t), 'start-replica', false],
  ['set-read-only', 'set read_only (MySQL: super_read_only) on a server', async (ctx, t) => (await import('../../../core/commands/set-read-only.js')).setReadOnly(ctx, t, true), 'set-read-only', false],
  ['set-writable', 'clear read_only on a server (a fenced server, a replica or a second writer is refused)', async (ctx, t, force) => (await import('../../../core/commands/set-writable.js')).setWritable(ctx, t, { force }), 'set-writeable', true],
];

/** `orc stop-replica|start-replica|set-read-only|set-writable HOST:PORT`: one switch on one server, locked and audited. */
export function registerSwitches(program: Command, io: CliIo, mode: ApiMode): void {
  for (const [name, description, run, path, forcible] of SWITCHES) {
    const command = program
      .command(name)
      .description(description)
      .argument('<host:port>', 'the server')
      .option('--config <path>', 'config file (default: $ORC_CONFIG)')
      .option('--json', 'print JSON');
    if (forcible) command.option('--force', 'override the refusals (audited as forced)');
    command.action(async (target, opts) => {
      const force = (opts as { force?: boolean }).force === true;
      const result = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.post(`/api/${path}/${instancePath(target)}`, forcible ? { force } : {})) as SwitchResult,
        async ({ ctx }) => run(ctx, target, force),
      );
      if (opts.json) writeJson(io.stdout, result);
      else writeLine(io.stdout, result.message);
    });
  }
}

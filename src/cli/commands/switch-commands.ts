import type { Command } from '@commander-js/extra-typings';
import { setReadOnly } from '../../../core/commands/set-read-only.js';
import { startReplica } from '../../../core/commands/start-replica.js';
import { stopReplica, type SwitchResult } from '../../../core/commands/stop-replica.js';
import type { RecoveryCommandContext } from '../../../core/commands/recovery-command-context.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { withContext } from '../run-command.js';

type Switch = (ctx: RecoveryCommandContext, target: string) => Promise<SwitchResult>;

const SWITCHES: readonly [string, string, Switch][] = [
  ['stop-replica', 'stop replication (IO and SQL threads) on a replica', stopReplica],
  ['start-replica', 'start replication on a replica', startReplica],
  ['set-read-only', 'set read_only (MySQL: super_read_only) on a server', (ctx, t) => setReadOnly(ctx, t, true)],
  ['set-writable', 'clear read_only on a server', (ctx, t) => setReadOnly(ctx, t, false)],
];

/** `orc stop-replica|start-replica|set-read-only|set-writable HOST:PORT`: one switch on one server, locked and audited. */
export function registerSwitches(program: Command, io: CliIo): void {
  for (const [name, description, run] of SWITCHES) {
    program
      .command(name)
      .description(description)
      .argument('<host:port>', 'the server')
      .option('--config <path>', 'config file (default: $ORC_CONFIG)')
      .option('--json', 'print JSON')
      .action(async (target, opts) => {
        await withContext(opts.config, async ({ ctx }) => {
          const result = await run(ctx, target);
          if (opts.json) writeJson(io.stdout, result);
          else writeLine(io.stdout, result.message);
        });
      });
  }
}

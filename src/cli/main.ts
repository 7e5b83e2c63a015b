import { Command } from '@commander-js/extra-typings';
import { apiMode } from './api-mode.js';
import { exitStatusOf } from './exit-status.js';
import type { CliIo } from './cli-io.js';
import { dropOutputWhenClosed } from './closed-output.js';
import { shareGlobalOptions } from './global-options.js';
import { ORC_VERSION } from './orc-version.js';
import { registerAck } from './commands/ack-command.js';
import { registerAgent } from './commands/agent-command.js';
import { registerAgents } from './commands/agents-command.js';
import { registerAnalysis } from './commands/analysis-command.js';
import { registerBot } from './commands/bot-command.js';
import { registerClusters } from './commands/clusters-command.js';
import { registerDiscover } from './commands/discover-command.js';
import { registerDowntime } from './commands/downtime-command.js';
import { registerErrant } from './commands/errant-command.js';
import { registerFailover } from './commands/failover-command.js';
import { registerInstance } from './commands/instance-command.js';
import { registerNodes } from './commands/nodes-command.js';
import { registerRecover } from './commands/recover-command.js';
import { registerRecoveries } from './commands/recoveries-command.js';
import { registerRelocate } from './commands/relocate-command.js';
import { registerRollout } from './commands/rollout-command.js';
import { registerSeed } from './commands/seed-command.js';
import { registerServe } from './commands/serve-command.js';
import { registerSwitches } from './commands/switch-commands.js';
import { registerTakeover } from './commands/takeover-command.js';
import { registerTopology } from './commands/topology-command.js';
import { registerTui } from './commands/tui-command.js';
import { registerUnfence } from './commands/unfence-command.js';
import { registerForget } from './commands/forget-command.js';

/** Builds the `orc` command tree over the given streams; env holds $ORC_API_* for `--api`. */
export function buildProgram(io: CliIo, signals: NodeJS.EventEmitter, env: NodeJS.ProcessEnv): Command {
  const program = new Command()
    .name('orc')
    .description('orc: an orchestrator for MySQL/MariaDB replication topologies')
    .version(ORC_VERSION, '-V, --version')
    .option('--api <url>', 'talk to a running orc service over its HTTP API (default: $ORC_API_URL; credential: $ORC_API_TOKEN, or $ORC_API_USER and $ORC_API_PASSWORD)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  const api = apiMode(program, env, signals);
  // Each command file holds only its wiring and imports its work (core commands, the store and drivers, Ink, fastify)
  // inside its action: `orc --help`, `orc --version` and a mistyped flag never load them (bench/cli-start.ts).
  registerDiscover(program, io, api);
  registerClusters(program, io, api);
  registerTopology(program, io, api);
  registerInstance(program, io, api);
  registerServe(program, io, api, signals);
  registerBot(program, io, api, signals);
  registerTui(program, io, api, env);
  registerTakeover(program, io, api, signals);
  registerFailover(program, io, api, signals);
  registerRecover(program, io, api, signals);
  registerRelocate(program, io, api);
  registerSwitches(program, io, api);
  registerDowntime(program, io, api);
  registerUnfence(program, io, api);
  registerForget(program, io, api);
  registerAck(program, io, api);
  registerAnalysis(program, io, api);
  registerErrant(program, io, api);
  registerRecoveries(program, io, api);
  registerNodes(program, io, api);
  registerSeed(program, io, api, signals);
  registerRollout(program, io, api);
  registerAgents(program, io, api);
  registerAgent(program, io, signals, env);
  for (const cmd of program.commands) cmd.exitOverride();
  shareGlobalOptions(program);
  return program;
}

/** Runs the CLI and returns the exit code; user errors print one line, never a stack trace. */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  signals: NodeJS.EventEmitter = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  dropOutputWhenClosed(io.stdout);
  dropOutputWhenClosed(io.stderr);
  const program = buildProgram(io, signals, env);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    return exitStatusOf(err, io);
  }
}

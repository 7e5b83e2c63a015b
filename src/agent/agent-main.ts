import { Command } from '@commander-js/extra-typings';
import type { CliIo } from '../cli/cli-io.js';
import { exitStatusOf } from '../cli/exit-status.js';
import { registerAgent } from '../cli/commands/agent-command.js';

/**
 * `orc agent` without the rest of the CLI: bin/orc.js comes here for the agent, which runs beside every database
 * server, so it does not load the dashboard and store modules it never uses (seconds of start-up on a small host).
 * Same command, options and exit codes as through src/cli/main.ts.
 */
export async function agentMain(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  signals: NodeJS.EventEmitter = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const program = new Command()
    .name('orc')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerAgent(program, io, signals, env);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    return exitStatusOf(err, io);
  }
}

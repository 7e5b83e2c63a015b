import { Command, CommanderError } from '@commander-js/extra-typings';
import { OrcError } from '../../core/errors.js';
import { writeLine, type CliIo } from '../cli/cli-io.js';
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
    if (err instanceof CommanderError) return err.code === 'commander.helpDisplayed' || err.code === 'commander.help' ? 0 : 2;
    if (err instanceof OrcError) {
      writeLine(io.stderr, `orc: ${err.message} [${err.code}]`);
      return 1;
    }
    writeLine(io.stderr, `orc: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 70;
  }
}

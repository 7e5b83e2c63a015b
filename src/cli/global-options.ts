import type { Command, CommandUnknownOpts } from '@commander-js/extra-typings';
import { InputError } from '../../core/errors.js';

/** The options an operator may put before or after the command name: `orc --config P topology X` = `orc topology X --config P`. */
const SHARED = [
  ['config', '--config <path>', 'config file of the command (default: $ORC_CONFIG); before or after the command name'],
  ['json', '--json', 'print JSON, for the commands that can; before or after the command name'],
] as const;

/**
 * Declares --config and --json on the program and hands their values to the command that runs. Commander (without
 * positional options) lets the program take its own options wherever they appear, which is also why `--api` works
 * in either place; the commands keep declaring the options they accept, for their help and their typed opts.
 */
export function shareGlobalOptions(program: Command): void {
  for (const [, flags, description] of SHARED) program.option(flags, description);
  // A hook on every command with subcommands: `orc --config P downtime begin X` reaches `begin` through `downtime`.
  const handDown = (_parent: CommandUnknownOpts, sub: CommandUnknownOpts): void => {
    const given = program.opts() as Record<string, unknown>;
    for (const [name] of SHARED) {
      if (given[name] === undefined) continue;
      if (sub.options.some((o) => o.attributeName() === name)) sub.setOptionValueWithSource(name, given[name], 'cli');
      else if (sub.commands.length === 0) throw new InputError(`orc ${sub.name()} takes no --${name}`, { command: sub.name(), flag: `--${name}` });
    }
  };
  const install = (cmd: CommandUnknownOpts): void => {
    if (cmd.commands.length === 0) return;
    cmd.hook('preSubcommand', handDown);
    for (const sub of cmd.commands) install(sub);
  };
  install(program as unknown as CommandUnknownOpts);
}

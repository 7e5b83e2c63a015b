import { InputError } from '../../errors.js';

/** An operator command's name as agents declare it: a letter or digit, then letters, digits, _ . or - (64 at most). */
export const COMMAND_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Longest output tail a fleet rollout keeps of one command run. */
export const MAX_COMMAND_OUTPUT = 2000;

/** Checks a command name (InputError otherwise). */
export function checkCommandName(name: unknown): string {
  if (typeof name !== 'string' || !COMMAND_NAME.test(name)) {
    throw new InputError(`command "${String(name).slice(0, 80)}": expected a name of 1 to 64 letters, digits, _ . or - (starting with a letter or digit)`, { field: 'command' });
  }
  return name;
}

/** The last MAX_COMMAND_OUTPUT characters of a command's output (pure). */
export function outputTail(output: string): string {
  return output.length > MAX_COMMAND_OUTPUT ? `…${output.slice(output.length - MAX_COMMAND_OUTPUT + 1)}` : output;
}

import { CommanderError } from '@commander-js/extra-typings';
import { OrcError } from '../../core/errors.js';
import { ApiReplyError } from './api-reply-error.js';
import { writeLine, type CliIo } from './cli-io.js';

/**
 * The exit status of a command that threw, its one line printed first: 0 for help or version, 2 for a usage error,
 * 1 with `orc: message [code]` for an orc error, 70 with the stack for anything else (a bug).
 */
export function exitStatusOf(err: unknown, io: Pick<CliIo, 'stderr'>): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
  }
  if (err instanceof OrcError || err instanceof ApiReplyError) {
    writeLine(io.stderr, `orc: ${err.message} [${err.code}]`);
    return 1;
  }
  writeLine(io.stderr, `orc: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return 70;
}

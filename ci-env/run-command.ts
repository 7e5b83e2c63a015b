import { spawn } from 'node:child_process';
import { OrcError } from '../core/errors.js';
import { labError } from './lab-error.js';

/** What a finished command printed and how it exited. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of runCommand. */
export interface RunOptions {
  signal?: AbortSignal;
  input?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs a program to completion without a shell; a program that cannot start at all is a coded error. */
export function runCommand(file: string, args: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: opts.env,
      signal: opts.signal,
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'AbortError') reject(new OrcError('orc_aborted', `${file} aborted`));
      else reject(labError(`cannot run ${file}: ${err.code ?? err.message}`, { file }, err));
    });
    child.on('close', (code, sig) => resolvePromise({ code: code ?? (sig ? 128 : 1), stdout, stderr }));
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}

/** Runs a program and throws a coded error with its last stderr line when it exits non-zero. */
export async function runChecked(file: string, args: readonly string[], opts: RunOptions = {}): Promise<string> {
  const result = await runCommand(file, args, opts);
  if (result.code !== 0) {
    const last = result.stderr.trim().split('\n').pop() ?? '';
    throw labError(`${file} ${args[0] ?? ''} failed (exit ${result.code}): ${last}`, { file, code: result.code });
  }
  return result.stdout;
}

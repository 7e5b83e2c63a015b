import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ORC_BIN = fileURLToPath(new URL('../../bin/orc.js', import.meta.url));

/** `orc serve` running as a real child process, with its pid recorded; its output goes to a log file. */
export interface OrcProcess {
  readonly pid: number;
  /** Resolves with the exit code or signal once the process has ended. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** SIGKILL by the recorded pid (no cleanup runs in orc), resolving once it has ended. */
  kill9(): Promise<void>;
  /** SIGTERM by the recorded pid (orc stops its loops and releases its lease), resolving once it has ended. */
  stop(): Promise<void>;
}

/** Which orc runs and with what more: another checkout's bin/orc.js (an older release), extra `serve` arguments. */
export interface OrcProcessOptions {
  readonly bin?: string;
  readonly args?: readonly string[];
}

/** Spawns `node bin/orc.js serve --config <config>`, appending its stdout and stderr to `logFile`. */
export function startOrcProcess(config: string, logFile: string, options: OrcProcessOptions = {}): OrcProcess {
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [options.bin ?? ORC_BIN, 'serve', '--config', config, ...(options.args ?? [])], { stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) throw new Error(`orc serve did not start (see ${logFile})`);
  const pid = child.pid;
  const exited = once(child, 'exit').then(([code, signal]) => (signal as NodeJS.Signals | null) ?? (code as number));
  const signalAndWait = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, signal);
    await exited;
  };
  return { pid, exited, kill9: () => signalAndWait('SIGKILL'), stop: () => signalAndWait('SIGTERM') };
}

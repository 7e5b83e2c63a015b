import { execFile } from 'node:child_process';

/** The outcome of one orc command run as a child process. */
export interface OrcBinResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `node <bin> ...args` (an orc checkout's bin/orc.js) to completion, bounded by timeoutMs. */
export function runOrcBin(bin: string, args: readonly string[], timeoutMs = 60_000): Promise<OrcBinResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}

import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io.js';

/** CLI streams that record what a command printed. */
export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

/** Builds CliIo whose stdout and stderr are captured in memory. */
export function captureIo(): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  return { stdout, stderr, stdin: new PassThrough(), out: () => out.join(''), err: () => err.join('') };
}

import { EventEmitter } from 'node:events';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './capture-io.js';

/** Runs the orc CLI in-process and returns its exit code and output. */
export async function orc(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return orcWithEnv({}, ...args);
}

/** Runs the orc CLI in-process with the given environment ($ORC_API_* and the like) instead of none. */
export async function orcWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(['node', 'orc', ...args], io, new EventEmitter(), env);
  return { code, out: io.out(), err: io.err() };
}

/** Asserts an orc run exited 0, showing its stderr when it did not (why a command was refused is the whole story). */
export function expectOk(run: { code: number; err: string }): void {
  expect(run.code, `orc exited ${run.code}: ${run.err}`).toBe(0);
}

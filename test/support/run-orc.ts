import { EventEmitter } from 'node:events';
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

import { delimiter } from 'node:path';
import { findProgram as findFirstProgram } from '../src/agent/find-program.js';

// sbin directories are often missing from a non-root PATH, but mariadbd and nft live there.
const LAB_EXTRA_DIRS = ['/sbin', '/usr/local/sbin', '/usr/local/bin'];

/** Absolute path of an executable found on PATH or in the usual system directories, or null. */
export function findProgram(name: string, path = process.env.PATH ?? ''): string | null {
  return findFirstProgram([name], [path, ...LAB_EXTRA_DIRS].filter(Boolean).join(delimiter));
}

/** True when this process runs as root (and so may install packages and change nft rules). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// sbin directories are often missing from a non-root PATH, but mariadbd and nft live there.
const EXTRA_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/usr/local/sbin', '/usr/local/bin'];

/** Absolute path of an executable found on PATH or in the usual system directories, or null. */
export function findProgram(name: string, path = process.env.PATH ?? ''): string | null {
  const dirs = [...path.split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here; try the next directory
    }
  }
  return null;
}

/** True when this process runs as root (and so may install packages and change nft rules). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// sbin directories are often missing from a non-root PATH, but mariadbd lives there.
const EXTRA_DIRS = ['/usr/sbin', '/usr/bin'];

/** Absolute path of the first of names found executable on path (a PATH value) or in /usr/sbin and /usr/bin, or null. */
export function findProgram(names: readonly string[], path: string): string | null {
  const dirs = [...path.split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const name of names) {
    for (const dir of dirs) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here; try the next directory
      }
    }
  }
  return null;
}

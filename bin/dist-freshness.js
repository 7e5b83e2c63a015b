// Plain JavaScript on purpose: bin/orc.js runs this before it knows whether compiled code may be used, so it cannot
// need a TypeScript loader, and the build script shares it so both sides agree on what "fresh" means.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The source trees that `npm run build` compiles into dist/, relative to the package root. */
export const SOURCE_DIRS = ['bot', 'core', 'src', 'tui'];

/** Where the build records the sources it compiled, relative to the package root. */
export const STAMP_FILE = 'dist/build-stamp.json';

/**
 * The newest modification time (ms) over every file of the source trees and how many there are: a changed or
 * added file raises the newest time, a deleted one lowers the count.
 * @param {string} root the package root
 * @returns {{ newestMtimeMs: number, files: number }}
 */
export function sourceState(root) {
  let newestMtimeMs = 0;
  let files = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        files += 1;
        newestMtimeMs = Math.max(newestMtimeMs, statSync(path).mtimeMs);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  return { newestMtimeMs, files };
}

/**
 * True when dist/ was built from the sources as they are now (the stamp matches their current state).
 * @param {string} root the package root
 * @returns {boolean}
 */
export function distIsFresh(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8'));
  } catch {
    return false;
  }
  const now = sourceState(root);
  return now.files === stamp.files && now.newestMtimeMs <= stamp.newestMtimeMs;
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The nearest package.json above this module: two levels up from the sources (src/cli), three from the compiled
// copy (dist/src/cli), so the version is looked up rather than assumed at a fixed depth.
function packageVersion(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** orc's version, from its package.json. */
export const ORC_VERSION: string = packageVersion(import.meta.dirname);

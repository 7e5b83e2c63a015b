import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of the regular files under dir (symbolic links not followed); 0 when dir is missing. Files vanishing meanwhile are skipped. */
export async function dirBytes(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) total += await dirBytes(path);
    else if (e.isFile()) {
      try {
        total += (await lstat(path)).size;
      } catch {
        // removed while we walked
      }
    }
  }
  return total;
}

import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file atomically with the given mode: a temporary file beside it, flushed to disk, then renamed over it
 * (readers see the old text or the new, never half; a crash leaves one of them).
 */
export async function writeFileAtomically(file: string, text: string, mode: number): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.orc-tmp`);
  // A leftover temporary file would keep its old mode: the mode applies only to a file created here.
  await rm(tmp, { force: true });
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

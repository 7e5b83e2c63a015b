import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isRoot } from './find-program.js';
import { defaultLabRoot } from './lab-paths.js';
import { ensureMariadb } from './mariadb-binaries.js';
import { ensureTemplate } from './template-datadir.js';

/**
 * Installs MariaDB if needed and builds the cached template datadir once, so that labs started in parallel right
 * after (e.g. by test files) only copy it; returns the template's path.
 */
export async function warmLabTemplate(opts: { root?: string; signal?: AbortSignal } = {}): Promise<string> {
  const root = resolve(opts.root ?? defaultLabRoot());
  const bins = await ensureMariadb(opts.signal);
  await mkdir(root, { recursive: true, mode: 0o755 });
  return ensureTemplate(root, bins, isRoot(), opts.signal);
}

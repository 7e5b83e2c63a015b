import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nanoid } from 'nanoid';
import { labError } from './lab-error.js';
import type { MariadbBinaries } from './mariadb-binaries.js';
import { runChecked, runCommand } from './run-command.js';

// Bump when the template's content changes (install-db flags, innodb settings that shape its files).
const TEMPLATE_FORMAT = 3;

/** The cached, never-started datadir of a MariaDB version under a labs root; built once with mariadb-install-db. */
export async function ensureTemplate(root: string, bins: MariadbBinaries, asRoot: boolean, signal?: AbortSignal): Promise<string> {
  const base = join(root, '.templates');
  const final = join(base, `${bins.version.replace(/[^A-Za-z0-9_.+-]/g, '_')}-f${TEMPLATE_FORMAT}`);
  const data = join(final, 'data');
  if (existsSync(join(final, 'ready'))) return data;

  const work = join(base, `.build-${nanoid(8)}`);
  await mkdir(work, { recursive: true, mode: 0o700 });
  try {
    const cnf = join(work, 'my.cnf');
    await writeFile(
      cnf,
      [
        '[mariadbd]',
        ...(asRoot ? ['user=root'] : []),
        `datadir=${join(work, 'data')}`,
        'innodb_buffer_pool_size=16M',
        'loose-innodb_buffer_pool_size_max=16M',
        'innodb_log_file_size=16M',
        'performance_schema=OFF',
        '',
      ].join('\n'),
    );
    const args = [`--defaults-file=${cnf}`, '--auth-root-authentication-method=normal', '--skip-test-db'];
    if (asRoot) args.push('--user=root');
    const result = await runCommand(bins.installDb, args, { signal });
    if (result.code !== 0) {
      const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-3).join(' | ');
      throw labError(`mariadb-install-db failed (exit ${result.code}): ${tail}`);
    }
    await makeSparse(join(work, 'data'), signal);
    await writeFile(join(work, 'ready'), `${bins.version}\n`);
    try {
      await rename(work, final);
    } catch (err) {
      // Another lab built the same template at the same time: keep theirs.
      if (!existsSync(join(final, 'ready'))) throw err;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return data;
}

/**
 * Rewrites the template's mostly-zero InnoDB files as sparse files (InnoDB preallocates them, so their zeros take
 * disk space), so that every `cp -a` of the template writes a fifth of the bytes.
 */
async function makeSparse(data: string, signal?: AbortSignal): Promise<void> {
  for (const file of ['ibdata1', 'ib_logfile0']) {
    const path = join(data, file);
    await runChecked('cp', ['--preserve=all', '--sparse=always', path, `${path}.sparse`], { signal });
    await rename(`${path}.sparse`, path);
  }
}

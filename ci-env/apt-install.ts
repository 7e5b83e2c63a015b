import { findProgram, isRoot } from './find-program.js';
import { labError } from './lab-error.js';
import { runChecked } from './run-command.js';

/**
 * Installs Debian packages with apt when running as root; otherwise throws a coded error naming the exact command
 * to run, so nothing is installed behind the operator's back.
 */
export async function aptInstall(packages: readonly string[], why: string, signal?: AbortSignal): Promise<void> {
  const command = `apt-get install -y ${packages.join(' ')}`;
  const apt = findProgram('apt-get');
  if (!isRoot() || apt === null) {
    throw labError(`${why}: install it first (as root: ${command})`, { packages: [...packages] });
  }
  process.stderr.write(`lab: ${why}; installing ${packages.join(' ')} with apt\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runChecked(apt, ['update', '-qq'], { env, signal });
  await runChecked(apt, ['install', '-y', '-qq', ...packages], { env, signal });
}

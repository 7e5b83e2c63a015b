import type { SeedMethod } from '../../core/seeds/seed-method.js';
import type { AgentPrograms } from './agent-config.js';

/** The server family an agent serves, from its version text ("10.11.6-MariaDB-log" is MariaDB). */
export type ServerFlavor = 'mariadb' | 'mysql';

/** The family a version text names (a server's @@version, or `mariadbd --version`), or null when there is none. */
export function serverFlavor(version: string | null): ServerFlavor | null {
  if (version === null || version.trim() === '') return null;
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}

/**
 * The seed methods this host can run: on MariaDB, mariabackup when mariabackup and mbstream are there and dump when
 * mariadb-dump and mariadb are. The MySQL methods (clone, xtrabackup, mysqldump) have argv builders only and are
 * never offered; neither is anything when the family is unknown.
 */
export function availableMethods(flavor: ServerFlavor | null, programs: AgentPrograms): SeedMethod[] {
  if (flavor !== 'mariadb') return [];
  const out: SeedMethod[] = [];
  if (programs.mariabackup && programs.mbstream) out.push('mariabackup');
  if (programs.mariadbDump && programs.mariadb) out.push('dump');
  return out;
}

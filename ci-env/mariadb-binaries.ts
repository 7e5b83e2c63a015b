import { aptInstall } from './apt-install.js';
import { findProgram } from './find-program.js';
import { labError } from './lab-error.js';
import { runChecked } from './run-command.js';

/** The MariaDB programs the lab runs, and the server's version. */
export interface MariadbBinaries {
  mariadbd: string;
  installDb: string;
  version: string;
}

const PACKAGES = ['mariadb-server', 'mariadb-backup', 'mariadb-client'] as const;

function locate(): { mariadbd: string | null; installDb: string | null } {
  return { mariadbd: findProgram('mariadbd'), installDb: findProgram('mariadb-install-db') };
}

/** Finds mariadbd and mariadb-install-db, installing MariaDB with apt first when missing and running as root. */
export async function ensureMariadb(signal?: AbortSignal): Promise<MariadbBinaries> {
  let found = locate();
  if (found.mariadbd === null || found.installDb === null) {
    await aptInstall(PACKAGES, 'MariaDB is not installed', signal);
    found = locate();
  }
  if (found.mariadbd === null || found.installDb === null) {
    throw labError(`MariaDB programs still missing after install (mariadbd, mariadb-install-db); install ${PACKAGES.join(' ')}`);
  }
  const out = await runChecked(found.mariadbd, ['--no-defaults', '--version'], { signal });
  const version = /Ver\s+(\S+)/.exec(out)?.[1];
  if (version === undefined) throw labError(`cannot read the MariaDB version from "${out.trim()}"`);
  return { mariadbd: found.mariadbd, installDb: found.installDb, version };
}

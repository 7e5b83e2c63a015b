import { InputError } from '../../core/errors.js';
import { remoteDumpArgv, type MariadbRun } from './mariadb-argv.js';

/**
 * The MySQL seed methods (clone, xtrabackup, mysqldump as `dump`), built as argv and SQL only: no MySQL server runs
 * here, so the agent never offers them (info.methods) and never runs them; these builders are what a MySQL runner
 * would execute, and are unit-tested.
 */

/** A MySQL server version as [major, minor, patch]. */
export type MysqlVersion = readonly [number, number, number];

/** A single-quoted SQL string literal (backslash and quote escaped), for statements that take no placeholders. */
export function sqlString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0')}'`;
}

function atLeast(v: MysqlVersion, major: number, minor: number, patch: number): boolean {
  return v[0] !== major ? v[0] > major : v[1] !== minor ? v[1] > minor : v[2] >= patch;
}

/** The clone plugin's statements run on the target (8.0.17+): allow the donor, then clone from it (the target restarts itself). */
export function cloneStatements(donorHost: string, donorPort: number, user: string, password: string, version: MysqlVersion): string[] {
  if (!atLeast(version, 8, 0, 17)) throw new InputError(`clone needs MySQL 8.0.17 or later, the target runs ${version.join('.')}`);
  if (!/^[A-Za-z0-9._:-]+$/.test(donorHost)) throw new InputError(`clone: donor host "${donorHost}" is not a host name or address`);
  const donor = `${donorHost.includes(':') ? `[${donorHost}]` : donorHost}:${donorPort}`;
  return [
    `SET GLOBAL clone_valid_donor_list = ${sqlString(donor)}`,
    `CLONE INSTANCE FROM ${sqlString(user)}@${sqlString(donorHost)}:${donorPort} IDENTIFIED BY ${sqlString(password)}`,
  ];
}

/** xtrabackup streaming a backup of the local MySQL server to stdout (xbstream), run on the source. */
export function xtrabackupBackupArgv(run: MariadbRun, socket: string, tmpDir: string): string[] {
  return [run.program, `--defaults-file=${run.optionFile}`, `--socket=${socket}`, '--backup', '--stream=xbstream', `--target-dir=${tmpDir}`];
}

/** xbstream extracting the stream from stdin into the target's empty datadir. */
export function xbstreamExtractArgv(program: string, dir: string): string[] {
  return [program, '-x', '-C', dir];
}

/** xtrabackup preparing the extracted backup on the target. */
export function xtrabackupPrepareArgv(run: MariadbRun, dir: string): string[] {
  return [run.program, `--defaults-file=${run.optionFile}`, '--prepare', `--target-dir=${dir}`];
}

/**
 * mysqldump of a remote MySQL source with its GTID set: --source-data from 8.0.26 (--master-data before), and
 * --set-gtid-purged=ON so the dump sets GTID_PURGED (the target's gtid_executed must be empty: see
 * mysqlDumpTargetResetStatements).
 */
export function mysqldumpArgv(run: MariadbRun, sourceHost: string, sourcePort: number, version: MysqlVersion): string[] {
  return remoteDumpArgv(run, sourceHost, sourcePort, [atLeast(version, 8, 0, 26) ? '--source-data=1' : '--master-data=1', '--set-gtid-purged=ON']);
}

/** What a MySQL dump target runs before the load: forget its own GTIDs (RESET BINARY LOGS AND GTIDS from 8.4). */
export function mysqlDumpTargetResetStatements(version: MysqlVersion): string[] {
  return [atLeast(version, 8, 4, 0) ? 'RESET BINARY LOGS AND GTIDS' : 'RESET MASTER'];
}

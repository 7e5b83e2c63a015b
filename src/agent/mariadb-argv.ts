/** Where the agent's MariaDB programs are and the option file (server cnf + agent account) they read first. */
export interface MariadbRun {
  readonly program: string;
  /** The agent's option file (renderClientOptionFile): always passed first, as --defaults-file. */
  readonly optionFile: string;
}

/** mariabackup streaming a backup of the local server to stdout as xbstream (it reads the datadir, so it runs beside the server). */
export function mariabackupBackupArgv(run: MariadbRun, socket: string, tmpDir: string): string[] {
  // The redo log copier checks every second by default, and the backup's end waits for its next check: up to a
  // second added to every seed for nothing; 100 ms costs a few more wakeups.
  return [run.program, `--defaults-file=${run.optionFile}`, `--socket=${socket}`, '--backup', '--stream=xbstream', '--log-copy-interval=100', `--target-dir=${tmpDir}`];
}

/** mbstream extracting an xbstream read from stdin into dir. */
export function mbstreamExtractArgv(program: string, dir: string): string[] {
  return [program, '-x', '-C', dir];
}

/** mariabackup applying the redo log to an extracted backup so a server can start on it. */
export function mariabackupPrepareArgv(run: MariadbRun, dir: string): string[] {
  return [run.program, `--defaults-file=${run.optionFile}`, '--prepare', `--target-dir=${dir}`];
}

/** The part every dump program shares: the source reached over TCP, one consistent snapshot of everything, with routines, events, triggers and privileges. */
export function remoteDumpArgv(run: MariadbRun, sourceHost: string, sourcePort: number, position: readonly string[]): string[] {
  return [
    run.program,
    `--defaults-file=${run.optionFile}`,
    // The cnf's [client] socket would win over --host=localhost: TCP is what reaches another host.
    '--protocol=TCP',
    `--host=${sourceHost}`,
    `--port=${sourcePort}`,
    '--single-transaction',
    ...position,
    '--all-databases',
    '--routines',
    '--events',
    '--triggers',
    '--flush-privileges',
  ];
}

/** mariadb-dump of a remote source over TCP: one consistent snapshot of everything, with its GTID position. */
export function mariadbDumpArgv(run: MariadbRun, sourceHost: string, sourcePort: number): string[] {
  return remoteDumpArgv(run, sourceHost, sourcePort, ['--gtid', '--master-data=1']);
}

/** The mariadb client loading a dump from stdin into the local server through its socket. */
export function mariadbLoadArgv(run: MariadbRun, socket: string): string[] {
  return [run.program, `--defaults-file=${run.optionFile}`, '--protocol=SOCKET', `--socket=${socket}`, '--batch'];
}

/**
 * What the load session runs before the dump: without binary logging the import creates no local GTIDs, so the
 * dump's closing SET GLOBAL gtid_slave_pos is accepted (otherwise error 1947 in strict mode).
 */
export const DUMP_LOAD_PROLOGUE = 'SET SESSION sql_log_bin=0;\n';

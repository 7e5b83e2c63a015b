import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { labError } from './lab-error.js';
import type { NodePaths } from './lab-paths.js';
import { pollUntil } from './poll-until.js';

/** What the harness knows about a recorded server process. */
export type ServerState = 'running' | 'frozen' | 'dead';

// Lab servers run with a group id of their own (when root) so nft can drop what one server sends.
const GID_BASE = 1_900_000_000;

/** The group id a lab server on `port` runs with when the lab runs as root. */
export function serverGid(port: number): number {
  return GID_BASE + port;
}

function readCmdline(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

function readStateLetter(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

/**
 * State of a recorded pid, which counts as this lab's server only while /proc/<pid>/cmdline still names mariadbd
 * with this server's cnf: a reused pid is reported dead and never signalled.
 */
export function serverState(pid: number, cnf: string): ServerState {
  if (!Number.isInteger(pid) || pid <= 0) return 'dead';
  const letter = readStateLetter(pid);
  if (letter === null || letter === 'Z' || letter === 'X') return 'dead';
  const argv = readCmdline(pid);
  if (argv === null || !basename(argv[0] ?? '').startsWith('mariadbd') || !argv.includes(`--defaults-file=${cnf}`)) return 'dead';
  return letter === 'T' || letter === 't' ? 'frozen' : 'running';
}

/** Sends a signal to a recorded server if it is still this lab's mariadbd; returns whether it was sent. */
export function signalServer(pid: number, cnf: string, sig: NodeJS.Signals): boolean {
  if (serverState(pid, cnf) === 'dead') return false;
  try {
    process.kill(pid, sig);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw labError(`cannot send ${sig} to server pid ${pid}: ${(err as NodeJS.ErrnoException).code}`);
  }
}

/** The pid the harness recorded for a server (0 when none). */
export function readLabPid(paths: NodePaths): number {
  try {
    const pid = Number(readFileSync(paths.labPid, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch {
    return 0;
  }
}

/**
 * The pid of a server's running process: the recorded one while it lives, else the pid in the server's own pid
 * file when that process is this server's mariadbd (a seed agent restarted the server), else the recorded one.
 */
export function currentServerPid(paths: NodePaths): number {
  const recorded = readLabPid(paths);
  if (serverState(recorded, paths.cnf) !== 'dead') return recorded;
  let fromFile = 0;
  try {
    fromFile = Number(readFileSync(paths.pidFile, 'utf8').trim());
  } catch {
    return recorded;
  }
  return serverState(fromFile, paths.cnf) !== 'dead' ? fromFile : recorded;
}

/**
 * Starts mariadbd detached (own process group, output appended to its log) so it outlives the caller, and records
 * its pid before returning.
 */
export async function spawnServer(mariadbd: string, paths: NodePaths, port: number, asRoot: boolean): Promise<number> {
  const log = openSync(paths.log, 'a', 0o600);
  try {
    const child = spawn(mariadbd, [`--defaults-file=${paths.cnf}`], {
      detached: true,
      stdio: ['ignore', log, log],
      ...(asRoot ? { gid: serverGid(port) } : {}),
    });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw labError(`cannot start ${mariadbd} for port ${port}`);
    await writeFile(paths.labPid, `${child.pid}\n`, { mode: 0o600 });
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Waits until a recorded server is gone; returns false when it is still there after `timeoutMs`. */
export async function waitForExit(pid: number, cnf: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await pollUntil(() => serverState(pid, cnf) === 'dead', { timeoutMs, intervalMs: 20, signal, what: `pid ${pid} to exit` });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'orc_lab_failed') return false;
    throw err;
  }
}

/** Shuts a server down cleanly (SIGTERM, and SIGCONT in case it is frozen), then SIGKILL after `graceMs` (0: at once). */
export async function shutdownServer(pid: number, cnf: string, graceMs: number, signal?: AbortSignal): Promise<void> {
  if (graceMs > 0) {
    if (!signalServer(pid, cnf, 'SIGTERM')) return;
    signalServer(pid, cnf, 'SIGCONT');
    if (await waitForExit(pid, cnf, graceMs, signal)) return;
  }
  if (!signalServer(pid, cnf, 'SIGKILL')) return;
  if (!(await waitForExit(pid, cnf, 10_000, signal))) throw labError(`server pid ${pid} did not exit after SIGKILL`);
}

/** The last lines of a server's log, for error messages about a server that would not start. */
export function logTail(paths: NodePaths, lines = 3): string {
  try {
    return readFileSync(paths.log, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '(no log)';
  }
}

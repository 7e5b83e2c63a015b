import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { OperationError } from '../../core/errors.js';
import type { AgentConfig } from './agent-config.js';
import { localRows, withLocalSql, type ServerFiles } from './local-server.js';
import { cmdlineOf, readPidFile } from './proc-files.js';
import { waitFor } from './wait-for.js';

/** Whether the local server answers on its socket, and its version text then. */
export interface ServerProbe {
  readonly running: boolean;
  readonly version: string | null;
}

/** Asks the local server for its version through its socket; down (not an error) when it does not answer. */
export async function probeServer(config: AgentConfig, files: ServerFiles): Promise<ServerProbe> {
  try {
    const rows = await withLocalSql(config, files.socket, (c) => localRows(c, 'SELECT @@version AS v', [], 2000), 1000);
    return { running: true, version: String(rows[0]?.v ?? '') };
  } catch {
    return { running: false, version: null };
  }
}

/** True when the pid in the server's pid file is a live mariadbd or mysqld (a stale file's reused pid is not). */
export function serverProcessLives(files: ServerFiles): boolean {
  const pid = readPidFile(files.pidFile);
  const program = pid === null ? null : (cmdlineOf(pid)?.[0] ?? null);
  return program !== null && /(mariadbd|mysqld)[^/]*$/.test(program);
}

/**
 * Shuts the local server down with the SHUTDOWN statement and waits until the pid its pid file named has exited and
 * the socket no longer answers. A server that does not answer while its pid lives is an error (it may be hung:
 * its datadir must not be touched).
 */
export async function shutdownServer(config: AgentConfig, files: ServerFiles, signal?: AbortSignal): Promise<void> {
  const pid = readPidFile(files.pidFile);
  try {
    await withLocalSql(config, files.socket, (c) => localRows(c, 'SHUTDOWN', [], 10_000));
  } catch (err) {
    if (serverProcessLives(files)) throw new OperationError(`cannot shut the server down (pid ${pid} lives): ${(err as Error).message}`, { pid }, { cause: err });
  }
  await waitFor(async () => (pid === null || cmdlineOf(pid) === null) && !(await probeServer(config, files)).running, {
    timeoutMs: config.server.startTimeoutMs,
    signal,
    what: `the server (pid ${pid ?? 'unknown'}) to shut down`,
  });
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts the local server with server.start (detached, its own process group, output appended to logFile, so it
 * outlives the agent) and waits until it answers on its socket; fails at once with the log's tail when the start
 * command exits non-zero first. onSpawned gets the started pid at once (a stop may need it before the pid file exists).
 */
export async function startServer(config: AgentConfig, files: ServerFiles, logFile: string, signal?: AbortSignal, onSpawned?: (pid: number) => void): Promise<void> {
  const log = openSync(logFile, 'a', 0o600);
  let failed: string | null = null;
  try {
    const [program, ...args] = config.server.start;
    const child = spawn(program!, args, { detached: true, stdio: ['ignore', log, log], env: { ...config.childEnv } });
    if (child.pid !== undefined) onSpawned?.(child.pid);
    child.once('error', (err: NodeJS.ErrnoException) => (failed = `cannot run ${program}: ${err.code ?? err.message}`));
    child.once('exit', (code, sig) => {
      if (code !== 0) failed = `${program} exited (${code !== null ? `exit ${code}` : `killed by ${sig}`}): ${logTail(logFile)}`;
    });
    child.unref();
  } finally {
    closeSync(log);
  }
  await waitFor(
    async () => {
      if (failed !== null) throw new OperationError(`the server did not start: ${failed}`);
      return (await probeServer(config, files)).running;
    },
    { timeoutMs: config.server.startTimeoutMs, signal, what: `the server to answer on ${files.socket}` },
  );
}

/**
 * Stops whatever server runs on a datadir about to be discarded (a seed's copy): with SHUTDOWN when it answers,
 * else with SIGKILL (a start still under way, or a hung server), each pid signalled only while its cmdline is still
 * the server's (the pid file's, or startedPid running the start program).
 */
export async function stopServerOnCopy(config: AgentConfig, files: ServerFiles, startedPid: number | null, signal?: AbortSignal): Promise<void> {
  if ((await probeServer(config, files)).running) return shutdownServer(config, files, signal);
  const candidates = [readPidFile(files.pidFile), startedPid].filter((p): p is number => p !== null);
  const ours = (pid: number): boolean => {
    const program = cmdlineOf(pid)?.[0] ?? null;
    return program !== null && (/(mariadbd|mysqld)[^/]*$/.test(program) || program === config.server.start[0]);
  };
  for (const pid of candidates.filter(ours)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await waitFor(() => !candidates.some(ours), { timeoutMs: 10_000, signal, what: 'the server on the copy to exit' });
}

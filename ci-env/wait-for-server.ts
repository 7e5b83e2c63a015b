import { labError } from './lab-error.js';
import type { NodePaths } from './lab-paths.js';
import { pollUntil } from './poll-until.js';
import { logTail, serverState } from './server-process.js';
import { sqlRows, withSocket } from './sql-socket.js';

const START_TIMEOUT_MS = 60_000;

/** Polls a freshly spawned server's socket until it answers; fails at once (with its log) if the process died. */
export async function waitForServer(paths: NodePaths, port: number, pid: number, signal?: AbortSignal): Promise<void> {
  await pollUntil(
    async () => {
      if (serverState(pid, paths.cnf) === 'dead') {
        throw labError(`server ${port} (pid ${pid}) exited while starting: ${logTail(paths)}`, { port });
      }
      await withSocket(paths.socket, (c) => sqlRows(c, 'SELECT 1'), { connectTimeoutMs: 1000, signal });
      return true;
    },
    { timeoutMs: START_TIMEOUT_MS, intervalMs: 20, signal, what: `server ${port} to answer on its socket` },
  );
}

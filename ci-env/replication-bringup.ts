import type { Connection } from 'mysql2/promise';
import { labError } from './lab-error.js';
import type { NodePaths } from './lab-paths.js';
import type { Credentials } from './lab-state.js';
import { pollUntil } from './poll-until.js';
import { replicaStatus, startReplicaOf } from './replication-sql.js';
import { sqlRows, withSocket } from './sql-socket.js';
import type { PlannedNode } from './topology-plan.js';

/** A planned server with its files. */
export type LabNode = PlannedNode & { paths: NodePaths };

const CATCH_UP_TIMEOUT_MS = 30_000;

/**
 * Polls a replica until both threads run and it has applied `marker`; a thread stopped by an error fails at once,
 * and a timeout names the state the replica was stuck in.
 */
async function awaitCaughtUp(conn: Connection, port: number, marker: string, signal?: AbortSignal): Promise<void> {
  await pollUntil(
    async () => {
      const s = await replicaStatus(conn);
      if (s === null) throw labError(`server ${port} is not a replica`);
      if (s.sqlRunning === 'No' && s.lastSqlErrno !== 0) throw labError(`replica ${port} stopped: SQL error ${s.lastSqlErrno}: ${s.lastSqlError}`);
      if (s.ioRunning === 'No' && s.lastIoErrno !== 0) throw labError(`replica ${port} stopped: IO error ${s.lastIoErrno}: ${s.lastIoError}`);
      const reached = Number((await sqlRows(conn, 'SELECT MASTER_GTID_WAIT(?, 0) AS r', [marker]))[0]?.r) === 0;
      if (reached && s.ioRunning === 'Yes' && s.sqlRunning === 'Yes') return true;
      const ioError = s.lastIoErrno === 0 ? '' : ` (IO error ${s.lastIoErrno}: ${s.lastIoError})`;
      throw new Error(`io=${s.ioRunning} sql=${s.sqlRunning}${ioError}, ${reached ? 'has' : 'has not'} applied ${marker}`);
    },
    { timeoutMs: CATCH_UP_TIMEOUT_MS, intervalMs: 20, signal, what: `replica ${port} to catch up` },
  );
}

/**
 * Starts replication on every replica of a freshly built lab, level by level (a source must hold the accounts
 * before its replicas connect), and returns once each one runs both threads and has applied `marker` (the
 * primary's GTID after the accounts were created). `heartbeatPeriod` null keeps the server's default.
 */
export async function wireReplication(
  nodes: LabNode[],
  replication: Credentials,
  marker: string,
  heartbeatPeriod: number | null,
  signal?: AbortSignal,
): Promise<void> {
  const maxDepth = Math.max(...nodes.map((n) => n.depth));
  for (let depth = 1; depth <= maxDepth; depth++) {
    await Promise.all(
      nodes
        .filter((n) => n.depth === depth)
        .map((n) =>
          withSocket(
            n.paths.socket,
            async (c) => {
              await startReplicaOf(c, n.source!, replication, heartbeatPeriod);
              await awaitCaughtUp(c, n.port, marker, signal);
            },
            { signal },
          ),
        ),
    );
  }
}

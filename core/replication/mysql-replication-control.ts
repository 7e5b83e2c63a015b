import { format } from 'mysql2';
import { ConfigError, OperationError } from '../errors.js';
import { replicationStatements } from './replication-statements.js';
import type { InstanceKey } from '../model/instance-key.js';
import type { ChangeSourceInput, ReplicationControl } from '../ports/replication-control.js';
import { withServerSession, type SessionOptions } from './server-session.js';

/** Credentials for administering servers and for replicas to connect to their source. */
export interface ReplicationControlOptions extends SessionOptions {
  readonly replicationUser: string;
  readonly replicationPassword: string;
  /** MASTER_CONNECT_RETRY for repointed replicas (seconds). */
  readonly connectRetrySeconds: number;
  /** MASTER_HEARTBEAT_PERIOD for repointed replicas (seconds). */
  readonly heartbeatPeriodSeconds: number;
}

/** ReplicationControl over mysql2, in the syntax of each server's capability row. */
export function createMysqlReplicationControl(options: ReplicationControlOptions): ReplicationControl {
  const session = withServerSession;
  const exec1 = (key: InstanceKey, what: string, pick: (s: ReturnType<typeof replicationStatements>) => string, signal?: AbortSignal) =>
    session(key, options, signal, async (s) => {
      await s.exec(pick(replicationStatements(s.caps)), what);
    });
  return {
    stopReplica: (key, signal) => exec1(key, 'stop replication', (st) => st.stopReplica(), signal),
    stopReplicaIo: (key, signal) =>
      session(key, options, signal, async (s) => {
        await s.exec(`${s.caps.stopReplica} IO_THREAD`, 'stop replication IO thread');
      }),
    startReplica: (key, signal) => exec1(key, 'start replication', (st) => st.startReplica(), signal),
    resetReplicaAll: (key, signal) =>
      session(key, options, signal, async (s) => {
        const st = replicationStatements(s.caps);
        await s.exec(st.stopReplica(), 'stop replication');
        await s.exec(st.resetReplicaAll(), 'reset replication');
      }),
    changeSource: (key: InstanceKey, input: ChangeSourceInput, signal?: AbortSignal) => {
      // Checked before connecting: a replica cannot be pointed anywhere without the replication account.
      if (options.replicationUser === '') {
        return Promise.reject(new ConfigError('config has no "replication" section: orc needs the replication user and password to repoint replicas'));
      }
      return session(key, options, signal, async (s) => {
        const sql = replicationStatements(s.caps).changeSource({
          host: input.source.host,
          port: input.source.port,
          user: options.replicationUser,
          password: options.replicationPassword,
          useGtid: input.gtidStart,
          connectRetry: options.connectRetrySeconds,
          heartbeatPeriod: options.heartbeatPeriodSeconds,
        });
        await s.exec(sql, 'change source');
      });
    },
    setReadOnly: (key, readOnly, signal) => exec1(key, readOnly ? 'set read_only' : 'clear read_only', (st) => st.setReadOnly(readOnly), signal),
    waitForGtid: (key, gtid, timeoutMs, signal) =>
      session(key, options, signal, async (s) => {
        const sql = replicationStatements(s.caps).waitForGtid(gtid, timeoutMs / 1000);
        const rows = (await s.exec(sql, 'wait for GTID', timeoutMs + options.queryTimeoutMs)) as { result: number | null }[];
        return Number(rows[0]?.result) === 0;
      }),
    executedGtid: (key, signal) =>
      session(key, options, signal, async (s) => {
        const variable = s.caps.flavor === 'mariadb' ? '@@gtid_current_pos' : '@@gtid_executed';
        const rows = (await s.exec(`SELECT ${variable} AS gtid`, 'read executed GTID')) as { gtid: string }[];
        return String(rows[0]?.gtid ?? '');
      }),
    alignReplicaPosition: (key, signal) =>
      session(key, options, signal, async (s) => {
        // MariaDB keeps a stale gtid_slave_pos on a server that was a primary; MySQL has nothing to align.
        if (s.caps.flavor === 'mariadb') await s.exec('SET GLOBAL gtid_slave_pos = @@gtid_binlog_pos', 'align gtid_slave_pos');
      }),
    setReplicaGtidPosition: (key, gtid, signal) =>
      session(key, options, signal, async (s) => {
        for (const sql of replicationStatements(s.caps).setReplicaGtidPosition(gtid)) await s.exec(sql, 'set the seeded GTID position');
      }),
    injectEmptyTransactions: (key, gtids, signal) =>
      session(key, options, signal, async (s) => {
        if (s.caps.flavor === 'mariadb') {
          throw new OperationError('MariaDB cannot inject empty transactions for chosen GTIDs (no GTID_NEXT)', { instance: `${key.host}:${key.port}` });
        }
        try {
          for (const gtid of gtids) {
            await s.exec(format('SET GTID_NEXT = ?', [gtid]), 'set GTID_NEXT');
            await s.exec('BEGIN', 'begin empty transaction');
            await s.exec('COMMIT', 'commit empty transaction');
          }
        } finally {
          await s.exec("SET GTID_NEXT = 'AUTOMATIC'", 'reset GTID_NEXT').catch(() => undefined);
        }
      }),
    close: async () => {},
  };
}

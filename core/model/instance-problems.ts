import { primaryChannel, type InstanceRecord } from './instance.js';

/** A problem seen on one instance, with a stable code and a short human text. */
export interface InstanceProblem {
  readonly code:
    | 'unreachable'
    | 'never_reached'
    | 'io_thread_stopped'
    | 'io_thread_connecting'
    | 'sql_thread_stopped'
    | 'replication_io_error'
    | 'replication_sql_error'
    | 'replication_lag'
    | 'writable_replica'
    | 'read_only_primary'
    | 'no_log_bin';
  readonly text: string;
}

/** Thresholds the problem list depends on. */
export interface ProblemThresholds {
  readonly reasonableLagSeconds: number;
}

const DEFAULT_THRESHOLDS: ProblemThresholds = { reasonableLagSeconds: 10 };

/** Lists what is wrong with one instance as orc last saw it; pure over the record and now. */
export function instanceProblems(
  record: InstanceRecord,
  hasReplicas: boolean,
  now: number,
  thresholds: ProblemThresholds = DEFAULT_THRESHOLDS,
): InstanceProblem[] {
  const problems: InstanceProblem[] = [];
  if (!record.reachable) {
    problems.push(
      record.lastSeenAt === null
        ? { code: 'never_reached', text: `never reached: ${record.lastError ?? 'no answer'}` }
        : { code: 'unreachable', text: `unreachable for ${formatAge(now - record.lastSeenAt)}: ${record.lastError ?? 'no answer'}` },
    );
  }
  const facts = record.facts;
  if (!facts) return problems;
  const channel = primaryChannel(facts);
  if (channel) {
    if (channel.ioState === 'no') problems.push({ code: 'io_thread_stopped', text: 'IO thread stopped' });
    if (channel.ioState === 'connecting') problems.push({ code: 'io_thread_connecting', text: 'IO thread connecting' });
    if (!channel.sqlRunning) problems.push({ code: 'sql_thread_stopped', text: 'SQL thread stopped' });
    if (channel.lastIoErrno !== 0) {
      problems.push({ code: 'replication_io_error', text: `IO error ${channel.lastIoErrno}: ${channel.lastIoError}` });
    }
    if (channel.lastSqlErrno !== 0) {
      problems.push({ code: 'replication_sql_error', text: `SQL error ${channel.lastSqlErrno}: ${channel.lastSqlError}` });
    }
    if (channel.lagSeconds !== null && channel.lagSeconds > thresholds.reasonableLagSeconds) {
      problems.push({ code: 'replication_lag', text: `lag ${channel.lagSeconds}s` });
    }
    if (!facts.readOnly) problems.push({ code: 'writable_replica', text: 'replica is writable (read_only=OFF)' });
    if (hasReplicas && !facts.logBin) problems.push({ code: 'no_log_bin', text: 'has replicas but log_bin is OFF' });
  } else if (facts.readOnly) {
    problems.push({ code: 'read_only_primary', text: 'primary is read_only' });
  }
  return problems;
}

/** Formats a duration in ms as "850ms", "12s", "3m20s" or "2h05m". */
export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

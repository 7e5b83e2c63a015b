import type { FlavorCapabilities } from '../model/flavor-capabilities.js';

/** Names of the result sets one probe reads. */
export type ProbeResultName =
  | 'variables' | 'globalStatus' | 'replicaStatus' | 'replicas' | 'binlogStatus' | 'binlogDumpThreads'
  | 'heartbeatStatus' | 'heartbeatConfiguration';

/** One statement of a probe and the name its result set is read under. */
export interface ProbeStatement {
  readonly name: ProbeResultName;
  readonly sql: string;
}

/** The one SELECT that reads every variable the probe needs, aliased by ProbeVariable. */
export function variablesSelect(caps: FlavorCapabilities): string {
  return `SELECT ${caps.variables.map(([alias, expr]) => `${expr} AS ${alias}`).join(', ')}`;
}

/**
 * The statements of one probe, in order: variables, global status, replica status, direct replicas, binlog status,
 * binlog dump threads, and, where the replica status lacks them, the channels' heartbeat tables.
 */
export function probeStatements(caps: FlavorCapabilities): readonly ProbeStatement[] {
  const statements: ProbeStatement[] = [
    { name: 'variables', sql: variablesSelect(caps) },
    { name: 'globalStatus', sql: caps.globalStatus.statement },
    { name: 'replicaStatus', sql: caps.replicaStatus.statement },
    { name: 'replicas', sql: caps.replicas.statement },
    { name: 'binlogStatus', sql: caps.binlogStatus.statement },
    { name: 'binlogDumpThreads', sql: caps.binlogDumpThreads.statement },
  ];
  if (caps.channelHeartbeats) {
    statements.push({ name: 'heartbeatStatus', sql: caps.channelHeartbeats.status.statement });
    statements.push({ name: 'heartbeatConfiguration', sql: caps.channelHeartbeats.configuration.statement });
  }
  return Object.freeze(statements);
}

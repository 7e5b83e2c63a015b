import {
  capabilitiesFor,
  detectFlavor,
  variablesSelect,
  type FlavorCapabilities,
} from '../model/flavor-capabilities.js';
import type { InstanceKey } from '../model/instance-key.js';
import type { InstanceFacts } from '../model/instance.js';
import { parseReplicaStatusRow } from './parse-replica-status-row.js';
import { parseBinlogStatusRows, parseReplicaHostRows, parseVariablesRow } from './parse-server-rows.js';
import { asText, type ServerRow } from './row-values.js';

/** Runs one SQL text on a connection and resolves with what mysql2 returns (rows, or one array per statement). */
export type RunQuery = (sql: string) => Promise<unknown>;

/** The statement that tells the flavor and version, run once per connection. */
export const DETECT_FLAVOR_SQL = 'SELECT @@version AS version, @@version_comment AS version_comment';

/** Detects the server's capability row with one SELECT. */
export async function detectCapabilities(run: RunQuery): Promise<FlavorCapabilities> {
  const row = rowsOf(await run(DETECT_FLAVOR_SQL), DETECT_FLAVOR_SQL)[0] ?? {};
  const version = asText(row['version']);
  return capabilitiesFor(detectFlavor(version, asText(row['version_comment'])), version);
}

/** The statements of one probe, in order: variables, global status, replica status, direct replicas, binlog status. */
export function probeStatements(caps: FlavorCapabilities): readonly string[] {
  return [
    variablesSelect(caps),
    caps.globalStatus.statement,
    caps.replicaStatus.statement,
    caps.replicas.statement,
    caps.binlogStatus.statement,
  ];
}

/**
 * Reads every fact of one server: the five statements one by one, or, when `batched`, as one multi-statement
 * round trip. Timing fields are the caller's.
 */
export async function collectInstanceFacts(
  key: InstanceKey,
  caps: FlavorCapabilities,
  run: RunQuery,
  batched: boolean,
): Promise<Omit<InstanceFacts, 'observedAt' | 'probeMillis'>> {
  const statements = probeStatements(caps);
  let results: unknown[];
  if (batched) {
    const answer = await run(statements.join(';\n'));
    results = Array.isArray(answer) && answer.length === statements.length ? answer : [];
    if (results.length !== statements.length) throw new Error(`expected ${statements.length} result sets from the batched probe`);
  } else {
    results = [];
    for (const sql of statements) results.push(await run(sql));
  }
  const [variables, status, replicaStatus, replicas, binlog] = statements.map((sql, i) => rowsOf(results[i], sql));
  const variableRow = variables?.[0];
  if (!variableRow) throw new Error('the variables SELECT returned no row');
  return Object.freeze({
    key: Object.freeze({ host: key.host, port: key.port }),
    ...parseVariablesRow(caps, variableRow, status ?? []),
    ...parseBinlogStatusRows(caps, binlog ?? []),
    replication: Object.freeze((replicaStatus ?? []).map((row) => parseReplicaStatusRow(caps, row))),
    replicas: Object.freeze(parseReplicaHostRows(caps, replicas ?? [])),
  });
}

function rowsOf(result: unknown, sql: string): ServerRow[] {
  if (!Array.isArray(result)) throw new Error(`"${sql.slice(0, 40)}" did not return rows`);
  return result as ServerRow[];
}

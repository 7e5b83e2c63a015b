import { capabilitiesFor, detectFlavor, type FlavorCapabilities } from '../model/flavor-capabilities.js';
import type { InstanceKey } from '../model/instance-key.js';
import type { InstanceFacts } from '../model/instance.js';
import { mergeChannelHeartbeats } from './merge-channel-heartbeats.js';
import { parseReplicaHints } from './parse-replica-hints.js';
import { parseReplicaStatusRow } from './parse-replica-status-row.js';
import { parseBinlogStatusRows, parseReplicaHostRows, parseVariablesRow } from './parse-server-rows.js';
import { probeStatements, type ProbeResultName } from './probe-statements.js';
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

/**
 * Reads every fact of one server: the capability row's probe statements one by one, or, when `batched`, as one
 * multi-statement round trip. Timing fields are the caller's.
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
    const answer = await run(statements.map((s) => s.sql).join(';\n'));
    results = Array.isArray(answer) && answer.length === statements.length ? answer : [];
    if (results.length !== statements.length) throw new Error(`expected ${statements.length} result sets from the batched probe`);
  } else {
    results = [];
    for (const { sql } of statements) results.push(await run(sql));
  }
  const rows = new Map<ProbeResultName, ServerRow[]>(statements.map((s, i) => [s.name, rowsOf(results[i], s.sql)]));
  const of = (name: ProbeResultName): ServerRow[] => rows.get(name) ?? [];
  const variableRow = of('variables')[0];
  if (!variableRow) throw new Error('the variables SELECT returned no row');
  const channels = of('replicaStatus').map((row) => parseReplicaStatusRow(caps, row));
  const replication = caps.channelHeartbeats
    ? mergeChannelHeartbeats(caps.channelHeartbeats, channels, of('heartbeatStatus'), of('heartbeatConfiguration'))
    : channels;
  return Object.freeze({
    key: Object.freeze({ host: key.host, port: key.port }),
    ...parseVariablesRow(caps, variableRow, of('globalStatus')),
    ...parseBinlogStatusRows(caps, of('binlogStatus')),
    replication: Object.freeze(replication),
    replicas: Object.freeze(parseReplicaHostRows(caps, of('replicas'))),
    replicaHints: parseReplicaHints(caps, of('replicas'), of('binlogDumpThreads')),
  });
}

function rowsOf(result: unknown, sql: string): ServerRow[] {
  if (!Array.isArray(result)) throw new Error(`"${sql.slice(0, 40)}" did not return rows`);
  return result as ServerRow[];
}

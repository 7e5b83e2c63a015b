import { formatInstanceKey } from '../model/instance-key.js';
import type { AnalysisCode } from './analysis-codes.js';
import { makeFinding, type AnalysisContext } from './analysis-context.js';
import type { Finding } from './finding.js';

/**
 * Failure codes whose replicas confirm the primary dead. Unconfirmed ones (orc reaches none of its replicas, or it
 * has none) may be orc's own network: orc cannot say the cluster takes no writes.
 */
const DEAD_PRIMARY_CODES: ReadonlySet<AnalysisCode> = new Set(['DeadPrimary', 'DeadPrimaryAndSomeReplicas']);

/**
 * One HeadlessCluster finding when the cluster's primary is dead (confirmed by its replicas) or reachable but
 * read_only, and no other reachable member is writable: the cluster takes no writes until someone acts (pure).
 */
export function headlessFindings(ctx: AnalysisContext, findings: readonly Finding[]): Finding[] {
  const primary = ctx.index.records.find((r) => ctx.index.role(r) === 'primary');
  if (!primary) return [];
  const onPrimary = findings.filter((f) => f.instance.host === primary.key.host && f.instance.port === primary.key.port);
  const dead = onPrimary.find((f) => DEAD_PRIMARY_CODES.has(f.code));
  const readOnly = onPrimary.some((f) => f.code === 'NoWriteablePrimary');
  if (!dead && !readOnly) return [];
  const writer = ctx.index.records.find((r) => r !== primary && r.reachable && r.facts !== null && !r.facts.readOnly);
  if (writer) return [];
  const name = formatInstanceKey(primary.key);
  const reason = dead
    ? `no writable primary: ${name} is dead (${dead.code}) and nothing was promoted in its place`
    : `no writable primary: ${name} is reachable but read_only`;
  const fix = dead
    ? `orc recover ${name} fails it over now; otherwise orc recovers it automatically when its gate allows (see ${dead.code})`
    : `orc set-writable ${name}, once you know it is the primary`;
  return [makeFinding(ctx, 'HeadlessCluster', primary.key, { reason, fix, cause: dead?.code ?? 'NoWriteablePrimary' })];
}

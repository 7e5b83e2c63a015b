import { compareInstanceKeys, formatInstanceKey } from '../model/instance-key.js';
import { primaryChannel, type InstanceFacts, type InstanceRecord } from '../model/instance.js';
import { makeFinding, type AnalysisContext } from './analysis-context.js';
import type { Finding } from './finding.js';
import { errantOf } from './gtid-view.js';
import { slowHeartbeatFindings } from './slow-heartbeat-findings.js';

/** Standing structure warnings (never acted on): logging, GTID, writability, formats, versions, errant GTIDs, heartbeats. */
export function structureFindings(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const record of ctx.index.records) {
    const role = ctx.index.role(record);
    const replicas = ctx.index.replicasOf(record.key).filter(hasFacts);
    if ((role === 'primary' || role === 'co-primary') && replicas.length > 0) findings.push(...primaryStructure(ctx, record, replicas));
    if (record.facts && replicas.length > 0) {
      const modes = new Set([record.facts, ...replicas.map((r) => r.facts)].map((f) => f.gtid.mode.toUpperCase()));
      if (modes.size > 1) findings.push(makeFinding(ctx, 'DifferentGTIDModes', record.key, { modes: byInstance(record, replicas, (f) => f.gtid.mode) }));
    }
    const errant = errantFinding(ctx, record);
    if (errant) findings.push(errant);
  }
  findings.push(...slowHeartbeatFindings(ctx));
  return findings;
}

type WithFacts = InstanceRecord & { readonly facts: InstanceFacts };

function hasFacts(record: InstanceRecord): record is WithFacts {
  return record.facts !== null;
}

function primaryStructure(ctx: AnalysisContext, record: InstanceRecord, replicas: readonly WithFacts[]): Finding[] {
  const findings: Finding[] = [];
  const logging = replicas.filter((r) => r.facts.logBin && r.facts.logReplicaUpdates);
  if (logging.length === 0) findings.push(makeFinding(ctx, 'NoLoggingReplicas', record.key, { replicas: names(replicas) }));
  const withoutGtid = replicas.filter((r) => !r.facts.gtid.enabled || (primaryChannel(r.facts)?.gtidUsage ?? 'no') === 'no');
  if (withoutGtid.length > 0) findings.push(makeFinding(ctx, 'NoFailoverSupport', record.key, { withoutGtid: names(withoutGtid) }));
  if (noWriteablePrimary(ctx, record)) findings.push(makeFinding(ctx, 'NoWriteablePrimary', record.key, {}));
  if (new Set(logging.map((r) => r.facts.binlogFormat.toUpperCase())).size > 1) {
    findings.push(makeFinding(ctx, 'MixedBinlogFormats', record.key, { formats: byInstance(null, logging, (f) => f.binlogFormat) }));
  }
  if (new Set(logging.map((r) => r.facts.majorVersion)).size > 1) {
    findings.push(
      makeFinding(ctx, 'MultipleMajorVersionsLoggingReplicas', record.key, { versions: byInstance(null, logging, (f) => f.majorVersion) }),
    );
  }
  return findings;
}

function noWriteablePrimary(ctx: AnalysisContext, record: InstanceRecord): boolean {
  if (!record.reachable || !record.facts?.readOnly) return false;
  if (ctx.index.role(record) !== 'co-primary') return true;
  // Co-primaries: one is read_only by design; warn once (on the lower key) only when both are.
  const partner = ctx.index.get(ctx.index.sourceOf(record)!);
  return !!partner?.reachable && !!partner.facts?.readOnly && compareInstanceKeys(record.key, partner.key) < 0;
}

function errantFinding(ctx: AnalysisContext, record: InstanceRecord): Finding | null {
  const sourceKey = ctx.index.sourceOf(record);
  const source = sourceKey ? ctx.index.get(sourceKey) : undefined;
  // A co-primary's own writes are legitimate; its partner may simply not have them yet.
  if (!record.facts || !source?.facts || ctx.index.role(record) === 'co-primary') return null;
  const errant = errantOf(record.facts, source.facts);
  if (errant === '') return null;
  return makeFinding(ctx, 'ErrantGTID', record.key, { errantGtid: errant, source: formatInstanceKey(source.key) });
}

function names(records: readonly InstanceRecord[]): string[] {
  return records.map((r) => formatInstanceKey(r.key));
}

function byInstance(head: InstanceRecord | null, records: readonly WithFacts[], pick: (f: InstanceFacts) => string): Record<string, string> {
  const all = head?.facts ? [head as WithFacts, ...records] : records;
  return Object.fromEntries(all.map((r) => [formatInstanceKey(r.key), pick(r.facts)]));
}

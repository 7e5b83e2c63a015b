import { compareInstanceKeys } from '../model/instance-key.js';
import { aftermathFindings } from './aftermath-findings.js';
import { analysisCodeOrder } from './analysis-codes.js';
import type { AnalysisContext, AnalysisPolicy } from './analysis-context.js';
import type { Finding } from './finding.js';
import { headlessFindings } from './headless-findings.js';
import { intermediateFindings } from './intermediate-findings.js';
import { primaryFindings } from './primary-findings.js';
import type { ProgressHistory } from './progress-history.js';
import { structureFindings } from './structure-findings.js';
import { indexTopology } from './topology-index.js';
import type { TopologySnapshot } from './topology-snapshot.js';

export type { AnalysisPolicy };

/**
 * Analyzes one cluster snapshot (pure): failure findings per primary, co-primary and intermediate primary, then
 * structure warnings, the servers its recoveries fenced or detached, and whether the cluster is left without a
 * writable primary, ordered by instance then code. `previous` is the progress history kept by the caller
 * (`history = trackProgress(history, snapshot)` each pass); without it frozen streams and locked semi-sync
 * primaries cannot be seen, everything else can.
 */
export function analyze(snapshot: TopologySnapshot, policy: AnalysisPolicy, now: number, previous?: ProgressHistory): Finding[] {
  const ctx: AnalysisContext = { snapshot, index: indexTopology(snapshot), policy, now, history: previous };
  const findings: Finding[] = [];
  for (const record of ctx.index.records) {
    const role = ctx.index.role(record);
    if (role === 'primary' || role === 'co-primary') findings.push(...primaryFindings(ctx, record, role === 'co-primary'));
    else if (role === 'intermediate') findings.push(...intermediateFindings(ctx, record));
  }
  findings.push(...structureFindings(ctx), ...aftermathFindings(ctx));
  findings.push(...headlessFindings(ctx, findings));
  return findings.sort((a, b) => compareInstanceKeys(a.instance, b.instance) || analysisCodeOrder(a.code) - analysisCodeOrder(b.code));
}

import type { ClusterAnalysis } from '../../../core/commands/cluster-analysis.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { readinessJson, readinessLines, type ReadinessJson } from './readiness-text.js';

/** One finding as `orc analysis --json` and the API show it. */
export interface FindingJson {
  readonly instance: string;
  readonly code: string;
  readonly kind: string;
  readonly actionable: boolean;
  readonly description: string;
  readonly replicas: unknown;
  readonly details: Readonly<Record<string, unknown>>;
  readonly wouldRecover?: boolean;
  readonly gateReason?: string;
}

/** One cluster's analysis as `orc analysis --json` and GET /api/replication-analysis show it. */
export interface ClusterAnalysisJson {
  readonly cluster: string;
  readonly alias: string | null;
  readonly findings: readonly FindingJson[];
  readonly recovery: ReadinessJson | null;
  readonly error: string | null;
}

/** `orc analysis` as JSON-safe data. */
export function analysisJson(results: readonly ClusterAnalysis[]): ClusterAnalysisJson[] {
  return results.map((r) => ({
    cluster: r.cluster.name,
    alias: r.cluster.alias,
    findings: r.findings.map(({ finding, gate }) => ({
      instance: formatInstanceKey(finding.instance),
      code: finding.code,
      kind: finding.kind,
      actionable: finding.actionable,
      description: finding.description,
      replicas: finding.replicas,
      details: finding.details,
      ...(gate ? { wouldRecover: gate.allowed, gateReason: gate.reason } : {}),
    })),
    recovery: r.recovery && readinessJson(r.recovery),
    error: r.error,
  }));
}

/** `orc analysis` as text: per cluster its readiness, then the codes per instance. */
export function analysisText(results: readonly ClusterAnalysis[]): string[] {
  return analysisJsonText(analysisJson(results));
}

/** The text of `orc analysis` from its JSON form (what the API answers). */
export function analysisJsonText(results: readonly ClusterAnalysisJson[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`cluster ${r.alias ? `${r.alias} (${r.cluster})` : r.cluster}`);
    if (r.error !== null) {
      lines.push(`  analysis failed: ${r.error}`);
      continue;
    }
    for (const line of readinessLines(r.recovery, r.error)) lines.push(`  ${line}`);
    if (r.findings.length === 0) lines.push('  no findings');
    for (const f of r.findings) {
      const gated = f.wouldRecover !== undefined ? `  -> ${f.wouldRecover ? 'would recover' : `would not recover: ${f.gateReason}`}` : '';
      lines.push(`  ${f.instance}  ${f.code} (${f.kind})  ${f.description}${gated}`);
      // Why a failure is not confirmed, and the command that fixes a warning, are what an operator acts on.
      const { reason, fix } = f.details;
      if (typeof reason === 'string') lines.push(`    ${reason}`);
      if (typeof fix === 'string') lines.push(`    fix: ${fix}`);
    }
  }
  if (results.length === 0) lines.push('no clusters known: run `orc discover HOST:PORT` or `orc serve`');
  return lines;
}

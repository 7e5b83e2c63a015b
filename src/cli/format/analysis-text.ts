import type { ClusterAnalysis } from '../../../core/commands/cluster-analysis.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { readinessJson, readinessLines } from './readiness-text.js';

/** `orc analysis` as JSON-safe data. */
export function analysisJson(results: readonly ClusterAnalysis[]): unknown[] {
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
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`cluster ${r.cluster.alias ? `${r.cluster.alias} (${r.cluster.name})` : r.cluster.name}`);
    if (r.error !== null) {
      lines.push(`  analysis failed: ${r.error}`);
      continue;
    }
    for (const line of readinessLines(r.recovery, r.error)) lines.push(`  ${line}`);
    if (r.findings.length === 0) lines.push('  no findings');
    for (const { finding, gate } of r.findings) {
      const gated = gate ? `  -> ${gate.allowed ? 'would recover' : `would not recover: ${gate.reason}`}` : '';
      lines.push(`  ${formatInstanceKey(finding.instance)}  ${finding.code} (${finding.kind})  ${finding.description}${gated}`);
      // Why a failure is not confirmed, and the command that fixes a warning, are what an operator acts on.
      const { reason, fix } = finding.details;
      if (typeof reason === 'string') lines.push(`    ${reason}`);
      if (typeof fix === 'string') lines.push(`    fix: ${fix}`);
    }
  }
  if (results.length === 0) lines.push('no clusters known: run `orc discover HOST:PORT` or `orc serve`');
  return lines;
}

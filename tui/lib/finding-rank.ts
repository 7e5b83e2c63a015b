import type { Finding } from '../../core/analysis/finding.js';
import type { AnalysisKind } from '../../core/analysis/analysis-codes.js';
import type { Tone } from './styled-line.js';

const RANK: Readonly<Record<AnalysisKind, number>> = { critical: 0, actionable: 1, structure: 2, informational: 3 };

/** How severe a finding is: 0 (critical) first, informational last. */
export function findingRank(finding: Pick<Finding, 'kind'>): number {
  return RANK[finding.kind];
}

/** The tone a finding of this kind is drawn in. */
export function findingTone(finding: Pick<Finding, 'kind'>): Tone {
  return finding.kind === 'critical' || finding.kind === 'actionable' ? 'danger' : finding.kind === 'structure' ? 'warning' : 'dim';
}

/** The findings most severe first, then by cluster and code so the order is stable between refreshes. */
export function sortFindings<T extends Pick<Finding, 'kind' | 'cluster' | 'code'>>(findings: readonly T[]): T[] {
  return [...findings].sort((a, b) => findingRank(a) - findingRank(b) || a.cluster.localeCompare(b.cluster) || a.code.localeCompare(b.code));
}

/** The most severe of some findings, or null when there are none. */
export function worstFinding<T extends Pick<Finding, 'kind' | 'cluster' | 'code'>>(findings: readonly T[]): T | null {
  return sortFindings(findings)[0] ?? null;
}

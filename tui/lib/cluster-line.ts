import type { FormerPrimary } from '../../core/analysis/former-primaries.js';
import type { ClusterAnalysis } from '../../core/commands/cluster-analysis.js';
import type { ClusterSummary } from '../../core/commands/list-clusters.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { findingTone, worstFinding } from './finding-rank.js';
import { recoveryBrief } from './recovery-brief.js';
import type { Segment, StyledLine } from './styled-line.js';
import { padText } from './truncate-line.js';
import { textWidth } from './text-width.js';

/** The name the dashboard shows for a cluster: its alias, else its name. */
export function clusterLabel(summary: ClusterSummary): string {
  return summary.cluster.alias ?? summary.cluster.name;
}

/** Width of the label column for a list of clusters. */
export function clusterLabelWidth(summaries: readonly ClusterSummary[]): number {
  return Math.max(0, ...summaries.map((s) => textWidth(clusterLabel(s))));
}

const FORMER_TEXT: Readonly<Record<FormerPrimary['state'], string>> = {
  'awaiting-return': 'fenced, awaiting return',
  returned: 'fenced, back and being checked',
  diverged: 'DIVERGED: re-seed',
};

/** The mark a cluster's fenced former primary adds to its row. */
function formerPrimarySegment(former: FormerPrimary): Segment {
  return { text: `  ⚑ former primary ${formatInstanceKey(former.instance)} ${FORMER_TEXT[former.state]}`, tone: former.state === 'diverged' ? 'danger' : 'warning' };
}

/**
 * One row of the cluster list: cursor, label, reachable/instances, a mark when something is wrong and, with the
 * cluster's analysis, whether automated recovery is on (or why not), its primary and its worst finding.
 */
export function clusterLine(summary: ClusterSummary, selected: boolean, labelWidth: number, analysis?: ClusterAnalysis, now = 0): StyledLine {
  const line: Segment[] = [
    { text: selected ? '› ' : '  ', tone: 'accent', bold: true },
    { text: padText(clusterLabel(summary), labelWidth), tone: selected ? 'accent' : 'normal', bold: selected },
    {
      text: `  ${summary.reachable}/${summary.instances} up`,
      tone: summary.reachable < summary.instances ? 'warning' : 'dim',
    },
  ];
  // A cluster that takes no writes outranks every other mark: it is what the operator must act on first.
  if (summary.headless !== null) line.push({ text: '  ✗ NO WRITABLE PRIMARY', tone: 'danger', bold: true });
  else if (!summary.primaryReachable) line.push({ text: '  ✗ primary unreachable', tone: 'danger', bold: true });
  if (summary.withProblems > 0) {
    line.push({ text: `  ! ${summary.withProblems} with problems`, tone: 'warning' });
  }
  for (const former of summary.formerPrimaries) line.push(formerPrimarySegment(former));
  if (!analysis) return line;
  // The primary comes last: it is the longest part and the one a narrow terminal can best lose.
  const worst = worstFinding(analysis.findings.map((f) => f.finding));
  if (worst) line.push({ text: `  worst ${worst.code}`, tone: findingTone(worst), bold: worst.kind === 'critical' });
  if (analysis.error) line.push({ text: `  analysis failed: ${analysis.error}`, tone: 'danger' });
  line.push({ text: '  ' }, recoveryBrief(analysis.recovery, now), { text: `  primary ${formatInstanceKey(summary.cluster.primary)}`, tone: 'dim' });
  return line;
}

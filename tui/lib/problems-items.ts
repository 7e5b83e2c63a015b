import type { ClusterAnalysis } from '../../core/commands/cluster-analysis.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { findingRank, findingTone } from './finding-rank.js';
import type { ScreenItem } from './screen-item.js';

/**
 * Every current finding across clusters as rows, most severe first (pure): kind, cluster, code, server, what the
 * recovery gate says for actionable ones, and the description; a cluster whose analysis failed gets an error row.
 */
export function problemItems(analysis: readonly ClusterAnalysis[]): ScreenItem[] {
  const failed: ScreenItem[] = analysis
    .filter((a) => a.error !== null)
    .map((a) => ({
      key: `error ${a.cluster.name}`,
      line: [{ text: `analysis failed  ${a.cluster.alias ?? a.cluster.name}: ${a.error}`, tone: 'danger', bold: true }],
      ref: { kind: 'finding', cluster: a.cluster.name },
    }));
  const findings = analysis
    .flatMap((a) => a.findings.map((f) => ({ ...f, label: a.cluster.alias ?? a.cluster.name })))
    .sort((a, b) => findingRank(a.finding) - findingRank(b.finding) || a.label.localeCompare(b.label) || a.finding.code.localeCompare(b.finding.code));
  return [
    ...failed,
    ...findings.map(({ finding, gate, label }): ScreenItem => {
      const gateText = gate === null ? '' : gate.allowed ? '  → orc recovers' : `  → not recovered: ${gate.reason}`;
      return {
        key: `${finding.cluster} ${finding.code} ${formatInstanceKey(finding.instance)}`,
        line: [
          { text: finding.kind.padEnd(14), tone: findingTone(finding), bold: finding.kind === 'critical' },
          { text: `${label}  ` },
          { text: finding.code, tone: findingTone(finding), bold: true },
          { text: `  ${formatInstanceKey(finding.instance)}`, tone: 'dim' },
          { text: gateText, tone: gate?.allowed ? 'ok' : 'warning' },
          { text: `  ${finding.description}`, tone: 'dim' },
        ],
        ref: { kind: 'finding', cluster: finding.cluster },
      };
    }),
  ];
}

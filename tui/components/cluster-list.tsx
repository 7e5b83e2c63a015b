import { Box } from 'ink';
import type { ClusterAnalysis } from '../../core/commands/cluster-analysis.js';
import type { ClusterSummary } from '../../core/commands/list-clusters.js';
import { clusterLabelWidth, clusterLine } from '../lib/cluster-line.js';
import { listWindow } from '../lib/frame-plan.js';
import { LineView } from './line-view.js';

/** Props of the cluster list: the clusters, their analysis when read, which one is selected, and the rows it may use. */
export interface ClusterListProps {
  readonly clusters: readonly ClusterSummary[];
  readonly analysis?: ReadonlyMap<string, ClusterAnalysis>;
  readonly now?: number;
  readonly selectedName: string | null;
  readonly rows: number;
  readonly width: number;
}

/** The known clusters, one row each, the selected one marked; scrolls to keep the selection visible. */
export function ClusterList({ clusters, analysis, now = 0, selectedName, rows, width }: ClusterListProps) {
  const selected = clusters.findIndex((c) => c.cluster.name === selectedName);
  const { start, end } = listWindow(clusters.length, Math.max(0, selected), rows);
  const labelWidth = clusterLabelWidth(clusters);
  return (
    <Box flexDirection="column">
      {clusters.slice(start, end).map((summary) => (
        <LineView
          key={summary.cluster.name}
          line={clusterLine(summary, summary.cluster.name === selectedName, labelWidth, analysis?.get(summary.cluster.name), now)}
          width={width}
        />
      ))}
    </Box>
  );
}

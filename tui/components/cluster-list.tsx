import { Box } from 'ink';
import type { ClusterSummary } from '../../core/commands/list-clusters.js';
import { clusterLabelWidth, clusterLine } from '../lib/cluster-line.js';
import { listWindow } from '../lib/frame-plan.js';
import { LineView } from './line-view.js';

/** Props of the cluster list: the clusters, which one is selected, and the rows it may use. */
export interface ClusterListProps {
  readonly clusters: readonly ClusterSummary[];
  readonly selectedName: string | null;
  readonly rows: number;
  readonly width: number;
}

/** The known clusters, one row each, the selected one marked; scrolls to keep the selection visible. */
export function ClusterList({ clusters, selectedName, rows, width }: ClusterListProps) {
  const selected = clusters.findIndex((c) => c.cluster.name === selectedName);
  const { start, end } = listWindow(clusters.length, Math.max(0, selected), rows);
  const labelWidth = clusterLabelWidth(clusters);
  return (
    <Box flexDirection="column">
      {clusters.slice(start, end).map((summary) => (
        <LineView
          key={summary.cluster.name}
          line={clusterLine(summary, summary.cluster.name === selectedName, labelWidth)}
          width={width}
        />
      ))}
    </Box>
  );
}

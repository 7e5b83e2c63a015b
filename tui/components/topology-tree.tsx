import { Box } from 'ink';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import type { StyledLine } from '../lib/styled-line.js';
import type { TopologyRow } from '../lib/topology-lines.js';
import { LineView } from './line-view.js';

/** Props of the tree view: its title row, its server rows and the rows it may use (title included). */
export interface TopologyTreeProps {
  readonly title: StyledLine | null;
  readonly rows: readonly TopologyRow[];
  readonly budget: number;
  readonly width: number;
}

/** The selected cluster's servers as an indented tree; when out of room, the last row says how many are hidden. */
export function TopologyTree({ title, rows, budget, width }: TopologyTreeProps) {
  const clipped = rows.length > budget;
  const shown = clipped ? rows.slice(0, Math.max(0, budget - 1)) : rows;
  const hidden = rows.length - shown.length;
  return (
    <Box flexDirection="column">
      {title && <LineView line={title} width={width} />}
      {shown.map((row) => (
        <LineView key={formatInstanceKey(row.node.record.key)} line={row.line} width={width} />
      ))}
      {clipped && budget > 0 && <LineView line={[{ text: `… ${hidden} more servers`, tone: 'dim' }]} width={width} />}
    </Box>
  );
}

import { Box } from 'ink';
import type { StyledLine } from '../lib/styled-line.js';
import { LineView } from './line-view.js';

/** Messages above the cluster list (errors, staleness, empty states), one row each. */
export function Notices({ lines, width }: { readonly lines: readonly StyledLine[]; readonly width: number }) {
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <LineView key={i} line={line} width={width} />
      ))}
    </Box>
  );
}

import { Text } from 'ink';
import type { Segment, StyledLine, Tone } from '../lib/styled-line.js';
import { truncateLine } from '../lib/truncate-line.js';

const COLORS: Readonly<Record<Tone, string | undefined>> = {
  normal: undefined,
  dim: undefined,
  ok: 'green',
  warning: 'yellow',
  danger: 'red',
  accent: 'cyan',
};

/** Draws one styled line as exactly one terminal row, cut to width. */
export function LineView({ line, width }: { readonly line: StyledLine; readonly width: number }) {
  const segments = truncateLine(line, width);
  return (
    <Text wrap="truncate-end">
      {segments.length === 0 ? ' ' : segments.map((segment, i) => <SegmentView key={i} segment={segment} />)}
    </Text>
  );
}

function SegmentView({ segment }: { readonly segment: Segment }) {
  const tone = segment.tone ?? 'normal';
  return (
    <Text color={COLORS[tone]} dimColor={tone === 'dim'} bold={segment.bold ?? false} inverse={segment.inverse ?? false}>
      {segment.text}
    </Text>
  );
}

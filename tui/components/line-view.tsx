import { Text } from 'ink';
import { useContext } from 'react';
import { ColorContext } from './color-context.js';
import type { Segment, StyledLine, Tone } from '../lib/styled-line.js';
import { truncateLine } from '../lib/truncate-line.js';

// Colours that read on dark and light backgrounds alike (no yellow or cyan text, unreadable on white); NO_COLOR drops them.
const COLORS: Readonly<Record<Tone, string | undefined>> = {
  normal: undefined,
  dim: undefined,
  ok: 'green',
  warning: 'magenta',
  danger: 'red',
  accent: 'blue',
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
  const colors = useContext(ColorContext);
  const tone = segment.tone ?? 'normal';
  return (
    <Text color={colors ? COLORS[tone] : undefined} dimColor={colors && tone === 'dim'} bold={segment.bold ?? false} inverse={segment.inverse ?? false}>
      {segment.text}
    </Text>
  );
}

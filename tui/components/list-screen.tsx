import { Box } from 'ink';
import { listWindow } from '../lib/frame-plan.js';
import type { ScreenItem } from '../lib/screen-item.js';
import type { StyledLine } from '../lib/styled-line.js';
import { LineView } from './line-view.js';

/** Props of a screen's list: its title row, its rows, the cursor and the rows it may use (title included). */
export interface ListScreenProps {
  readonly title: StyledLine;
  readonly items: readonly ScreenItem[] | null;
  readonly cursor: number;
  readonly budget: number;
  readonly width: number;
  /** What an empty list says. */
  readonly empty: string;
}

/** A screen's rows under its title, the cursor row marked, scrolled to keep the cursor visible. */
export function ListScreen({ title, items, cursor, budget, width, empty }: ListScreenProps) {
  if (budget <= 0) return null;
  const rows = budget - 1;
  const count = items?.length ?? 0;
  const { start, end } = listWindow(count, cursor, rows);
  const shown = items ? items.slice(start, end) : [];
  return (
    <Box flexDirection="column">
      <LineView line={title} width={width} />
      {items === null && rows > 0 && <LineView line={[{ text: 'loading…', tone: 'dim' }]} width={width} />}
      {items !== null && count === 0 && rows > 0 && <LineView line={[{ text: empty, tone: 'dim' }]} width={width} />}
      {shown.map((item, i) => {
        const selected = start + i === cursor;
        const marker = { text: selected ? '› ' : '  ', tone: 'accent' as const, bold: true };
        return <LineView key={item.key} line={[marker, ...item.line]} width={width} />;
      })}
    </Box>
  );
}

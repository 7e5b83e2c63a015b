import { headerLine } from '../lib/header-line.js';
import { LineView } from './line-view.js';

/** The top row: title and the time of the last refresh. */
export function Header({ title, refreshedAt, width }: { readonly title: string; readonly refreshedAt: number | null; readonly width: number }) {
  return <LineView line={headerLine(title, refreshedAt, width)} width={width} />;
}

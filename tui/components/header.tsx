import type { NodeStatus } from '../../core/commands/list-nodes.js';
import { headerLine } from '../lib/header-line.js';
import { nodesSegment } from '../lib/nodes-segment.js';
import { LineView } from './line-view.js';

/** Props of the header row. */
interface HeaderProps {
  readonly title: string;
  readonly refreshedAt: number | null;
  readonly width: number;
  readonly nodes?: readonly NodeStatus[] | null;
}

/** The top row: title, the orc services alive and their leader, and the time of the last refresh. */
export function Header({ title, refreshedAt, width, nodes = null }: HeaderProps) {
  return <LineView line={headerLine(title, refreshedAt, width, nodesSegment(nodes))} width={width} />;
}

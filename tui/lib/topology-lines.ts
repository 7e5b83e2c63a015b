import { primaryChannel } from '../../core/model/instance.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { formatAge, type InstanceProblem } from '../../core/model/instance-problems.js';
import type { TopologyNode } from '../../core/model/topology-tree.js';
import { lagCell, replicationStateCell, type Cell } from './replication-cells.js';
import { shortGtid } from './short-gtid.js';
import type { Segment, StyledLine } from './styled-line.js';
import { padText } from './truncate-line.js';
import { textWidth } from './text-width.js';
import type { LagHistory } from './lag-history.js';
import { sparkline } from './sparkline.js';

/** Extras of the full topology screen: the lag trend per server and when a server counts as stale. */
export interface TopologyLineOptions {
  readonly lagHistory?: LagHistory;
  /** A reachable server not probed for longer than this is marked stale with the time since last contact. */
  readonly staleAfterMs?: number;
}

/** One server of the tree as a dashboard row. */
export interface TopologyRow {
  readonly node: TopologyNode;
  readonly line: StyledLine;
}

const GAP = '  ';
const ROLE_WIDTH = 'intermediate'.length;
// Problems the state, lag and ro/rw cells already show; listing them again would only add noise.
const SHOWN_IN_CELLS: ReadonlySet<InstanceProblem['code']> = new Set(['io_thread_stopped', 'io_thread_connecting', 'sql_thread_stopped', 'replication_lag']);

interface RowCells {
  readonly node: TopologyNode;
  readonly prefix: string;
  readonly name: string;
  readonly mode: Cell;
  readonly state: Cell;
  readonly lag: Cell;
  readonly gtid: string;
  readonly trend: string;
}

/** Lays out topology trees as aligned rows, one per server, children indented under their source. Pure over now. */
export function topologyLines(trees: readonly TopologyNode[], now: number, options: TopologyLineOptions = {}): TopologyRow[] {
  const cells: RowCells[] = [];
  const walk = (node: TopologyNode, indent: string, branch: string, isLast: boolean) => {
    cells.push(cellsOf(node, indent + branch, options.lagHistory));
    const childIndent = node.depth === 0 ? '' : indent + (isLast ? '   ' : '│  ');
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      walk(child, childIndent, last ? '└─ ' : '├─ ', last);
    });
  };
  trees.forEach((tree) => walk(tree, '', '', true));
  const widths = {
    name: Math.max(0, ...cells.map((c) => textWidth(c.prefix + c.name))),
    state: Math.max(0, ...cells.map((c) => textWidth(c.state.text))),
    lag: Math.max(0, ...cells.map((c) => textWidth(c.lag.text))),
    gtid: Math.max(0, ...cells.map((c) => textWidth(c.gtid))),
    trend: Math.max(0, ...cells.map((c) => textWidth(c.trend))),
  };
  return cells.map((c) => ({ node: c.node, line: staleMark(rowLine(c, widths, now), c.node, now, options.staleAfterMs) }));
}

function cellsOf(node: TopologyNode, prefix: string, lagHistory: LagHistory | undefined): RowCells {
  const facts = node.record.facts;
  const channel = facts ? primaryChannel(facts) : null;
  const replica = channel !== null;
  const mode: Cell = !facts
    ? { text: '??', tone: 'dim' }
    : { text: facts.readOnly ? 'ro' : 'rw', tone: facts.readOnly === replica ? 'normal' : 'warning' };
  const lagging = node.problems.some((p) => p.code === 'replication_lag');
  const gtid = !facts ? '' : facts.gtid.enabled ? `gtid ${shortGtid(facts.gtid.executed)}` : binlogPosition(facts.binlogFile, facts.binlogPosition);
  return {
    node,
    prefix,
    name: formatInstanceKey(node.record.key),
    mode,
    state: replicationStateCell(channel),
    lag: lagCell(channel, lagging),
    gtid,
    trend: trendOf(lagHistory?.get(formatInstanceKey(node.record.key))),
  };
}

// A trend needs two samples; a single bar would only repeat the lag cell.
function trendOf(samples: readonly (number | null)[] | undefined): string {
  return samples && samples.length >= 2 ? sparkline(samples) : '';
}

function staleMark(line: StyledLine, node: TopologyNode, now: number, staleAfterMs: number | undefined): StyledLine {
  if (staleAfterMs === undefined || !node.record.reachable) return line;
  const age = now - node.record.lastCheckedAt;
  return age > staleAfterMs ? [...line, { text: `${GAP}STALE: last contact ${formatAge(age)} ago`, tone: 'warning', bold: true }] : line;
}

function binlogPosition(file: string | null, position: number | null): string {
  return file === null ? 'binlog off' : `${file}:${position ?? '?'}`;
}

function rowLine(c: RowCells, widths: { name: number; state: number; lag: number; gtid: number; trend: number }, now: number): StyledLine {
  const record = c.node.record;
  const head: Segment[] = [
    { text: c.prefix, tone: 'dim' },
    { text: padText(c.name, widths.name - textWidth(c.prefix)), tone: record.reachable ? 'normal' : 'danger', bold: c.node.role === 'primary' },
    { text: GAP + padText(c.node.role, ROLE_WIDTH), tone: c.node.role === 'orphan' ? 'warning' : 'dim' },
  ];
  if (!record.reachable) {
    const seen = record.lastSeenAt === null ? 'NEVER REACHED' : `UNREACHABLE, last seen ${formatAge(now - record.lastSeenAt)} ago`;
    const tail: Segment[] = [{ text: GAP + seen, tone: 'danger', bold: true }];
    if (record.lastError) tail.push({ text: `: ${record.lastError}`, tone: 'danger' });
    return [...head, ...tail];
  }
  const problems = c.node.problems.filter((p) => !SHOWN_IN_CELLS.has(p.code)).map((p) => p.text);
  const line: Segment[] = [
    ...head,
    { text: GAP + c.mode.text, tone: c.mode.tone },
    { text: GAP + padText(c.state.text, widths.state), tone: c.state.tone },
    ...(widths.lag > 0 ? [{ text: GAP + padText(c.lag.text, widths.lag), tone: c.lag.tone }] : []),
    ...(widths.trend > 0 ? [{ text: ' ' + padText(c.trend, widths.trend), tone: c.lag.tone }] : []),
    { text: GAP + padText(c.gtid, widths.gtid), tone: 'dim' },
  ];
  if (problems.length > 0) line.push({ text: `${GAP}! ${problems.join('; ')}`, tone: 'warning' });
  return trimEnd(line);
}

/** Drops the padding at the end of a row so narrow terminals cut real text, not spaces. */
function trimEnd(line: Segment[]): Segment[] {
  const out = [...line];
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    const trimmed = last.text.trimEnd();
    if (trimmed !== '') {
      out[out.length - 1] = { ...last, text: trimmed };
      break;
    }
    out.pop();
  }
  return out;
}

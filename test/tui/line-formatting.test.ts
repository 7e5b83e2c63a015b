import { describe, expect, it } from 'vitest';
import type { ClusterSummary } from '../../core/commands/list-clusters.js';
import { parseInstanceKey } from '../../core/model/instance-key.js';
import { clusterLabelWidth, clusterLine } from '../../tui/lib/cluster-line.js';
import { formatClock } from '../../tui/lib/format-clock.js';
import { headerLine } from '../../tui/lib/header-line.js';
import { nodesSegment } from '../../tui/lib/nodes-segment.js';
import { noticeLines } from '../../tui/lib/notice-lines.js';
import type { NodeStatus } from '../../core/commands/list-nodes.js';
import { lagCell, replicationStateCell } from '../../tui/lib/replication-cells.js';
import { shortGtid } from '../../tui/lib/short-gtid.js';
import { lineText } from '../../tui/lib/styled-line.js';
import { channel, T0 } from './fixtures/topology.js';

function summary(name: string, alias: string | null, counts: Partial<ClusterSummary> = {}): ClusterSummary {
  return {
    cluster: { name, alias, primary: parseInstanceKey(name), updatedAt: T0 },
    instances: 4,
    reachable: 4,
    withProblems: 0,
    primaryReachable: true,
    headless: null,
    formerPrimaries: [],
    ...counts,
  };
}

describe('cluster line', () => {
  it('marks a fenced former primary inside the cluster it left', () => {
    const former = { instance: parseInstanceKey('127.0.0.1:3305'), state: 'awaiting-return' as const, fencedSince: T0, recoveryId: 'r1', detail: '' };
    const line = clusterLine(summary('127.0.0.1:3306', 'main', { formerPrimaries: [former] }), false, 4);
    expect(lineText(line)).toBe('  main  4/4 up  ⚑ former primary 127.0.0.1:3305 fenced, awaiting return');
    const diverged = clusterLine(summary('127.0.0.1:3306', 'main', { formerPrimaries: [{ ...former, state: 'diverged' }] }), false, 4);
    expect(diverged.at(-1)).toMatchObject({ text: '  ⚑ former primary 127.0.0.1:3305 DIVERGED: re-seed', tone: 'danger' });
  });

  it('marks a cluster without a writable primary in its line', () => {
    const line = clusterLine(summary('127.0.0.1:3306', 'main', { primaryReachable: false, headless: 'no writable primary: 127.0.0.1:3306 is dead' }), false, 4);
    expect(lineText(line)).toBe('  main  4/4 up  ✗ NO WRITABLE PRIMARY');
    expect(line.at(-1)).toMatchObject({ tone: 'danger', bold: true });
  });

  it('shows the alias (or the name), reachable/instances, and a cursor on the selected cluster', () => {
    const list = [summary('127.0.0.1:3306', 'main'), summary('10.0.0.1:3306', null)];
    const width = clusterLabelWidth(list);
    expect(lineText(clusterLine(list[0]!, true, width))).toBe('› main           4/4 up');
    expect(lineText(clusterLine(list[1]!, false, width))).toBe('  10.0.0.1:3306  4/4 up');
  });

  it('marks an unreachable primary and servers with problems', () => {
    const line = clusterLine(summary('127.0.0.1:3306', 'main', { reachable: 3, withProblems: 2, primaryReachable: false }), false, 4);
    expect(lineText(line)).toBe('  main  3/4 up  ✗ primary unreachable  ! 2 with problems');
    expect(line.find((s) => s.text.includes('✗'))?.tone).toBe('danger');
    expect(line.find((s) => s.text.includes('!'))?.tone).toBe('warning');
  });
});

describe('replication cells', () => {
  it('says ok when both threads run, else which thread is in what state', () => {
    expect(replicationStateCell(null)).toEqual({ text: '—', tone: 'dim' });
    expect(replicationStateCell(channel('h:1'))).toEqual({ text: 'ok', tone: 'ok' });
    expect(replicationStateCell(channel('h:1', { ioState: 'connecting' }))).toEqual({ text: 'io:connecting', tone: 'warning' });
    expect(replicationStateCell(channel('h:1', { ioState: 'no' })).text).toBe('io:stopped');
    expect(replicationStateCell(channel('h:1', { sqlRunning: false })).text).toBe('sql:stopped');
    expect(replicationStateCell(channel('h:1', { ioState: 'no', sqlRunning: false }))).toEqual({ text: 'io:stopped,sql:stopped', tone: 'danger' });
  });

  it('shows lag only when it means something: null or a stopped thread is "lag —", never 0', () => {
    expect(lagCell(null, false).text).toBe('');
    expect(lagCell(channel('h:1', { lagSeconds: 0 }), false)).toEqual({ text: 'lag 0s', tone: 'normal' });
    expect(lagCell(channel('h:1', { lagSeconds: 30 }), true)).toEqual({ text: 'lag 30s', tone: 'warning' });
    expect(lagCell(channel('h:1', { lagSeconds: null }), false)).toEqual({ text: 'lag —', tone: 'danger' });
    expect(lagCell(channel('h:1', { lagSeconds: 0, sqlRunning: false }), false).text).toBe('lag —');
  });
});

describe('shortGtid', () => {
  it('keeps MariaDB positions, shortens MySQL UUIDs and counts the rest', () => {
    expect(shortGtid('0-1-1234')).toBe('0-1-1234');
    expect(shortGtid('0-1-1234,1-2-55, 2-3-9')).toBe('0-1-1234 +2');
    expect(shortGtid('3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77')).toBe('3e11fa47…:1-77');
    expect(shortGtid('')).toBe('—');
    expect(shortGtid('3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7-9:11-13:15-17:19-21', 20)).toHaveLength(20);
  });
});

describe('header and notices', () => {
  it('puts the title left and the last refresh time right', () => {
    const time = new Date(2024, 0, 2, 3, 4, 5).getTime();
    expect(formatClock(time)).toBe('03:04:05');
    expect(lineText(headerLine('orc', time, 30))).toBe('orc         refreshed 03:04:05');
    expect(lineText(headerLine('orc', null, 20))).toBe('orc         loading…');
  });

  it('shows the orc services alive and their leader before the refresh time, when the row has room', () => {
    const time = new Date(2024, 0, 2, 3, 4, 5).getTime();
    const node = (host: string, role: NodeStatus['role'], stale = false): NodeStatus =>
      ({ holder: `${host}:1:ab`, host, pid: 1, version: '0.1.0', startedAt: 0, lastSeenAt: 0, role, ageMs: 0, stale });
    const two = nodesSegment([node('orc-a', 'leader'), node('orc-b', 'follower'), node('orc-c', 'leader', true)]);
    expect(lineText(headerLine('orc', time, 50, two))).toBe('orc    2 nodes · leader orc-a · refreshed 03:04:05');
    expect(lineText(headerLine('orc', time, 30, two))).toBe('orc         refreshed 03:04:05');
    expect(nodesSegment([node('orc-b', 'follower')])).toEqual({ text: '1 node · no leader', tone: 'warning' });
    expect(nodesSegment([node('orc-a', 'leader', true)])).toEqual({ text: 'no orc service running', tone: 'warning' });
    expect(nodesSegment([])).toBeNull();
    expect(nodesSegment(null)).toBeNull();
  });

  it('reports the error, staleness and empty states', () => {
    expect(noticeLines({ clusterCount: 2, error: null, staleness: null })).toEqual([]);
    expect(noticeLines({ clusterCount: null, error: null, staleness: null }).map(lineText)).toEqual(['loading clusters…']);
    expect(noticeLines({ clusterCount: 0, error: 'orc_store_failed: down', staleness: 'stale' }).map(lineText)).toEqual([
      'error: orc_store_failed: down',
      '⚠ stale',
      'no clusters known yet — run `orc discover HOST:PORT` and `orc serve`',
    ]);
    expect(noticeLines({ clusterCount: 2, error: 'orc_unreachable: no answer', staleness: null, shownDataAgeMs: 75_000 }).map(lineText)).toEqual([
      'error: orc_unreachable: no answer',
      '⚠ STALE: refreshes are failing; the data shown is 1m15s old',
    ]);
  });
});

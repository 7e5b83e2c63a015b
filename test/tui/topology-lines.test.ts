import { describe, expect, it } from 'vitest';
import type { InstanceRecord } from '../../core/model/instance.js';
import { parseInstanceKey } from '../../core/model/instance-key.js';
import { buildTopologyTree } from '../../core/model/topology-tree.js';
import { lineText } from '../../tui/lib/styled-line.js';
import { topologyLines } from '../../tui/lib/topology-lines.js';
import { channel, facts, T0 } from './fixtures/topology.js';

function record(key: string, f: ReturnType<typeof facts> | null, overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    key: parseInstanceKey(key),
    clusterName: '127.0.0.1:3306',
    facts: f,
    reachable: true,
    lastCheckedAt: T0,
    lastSeenAt: T0,
    lastError: null,
    firstSeenAt: T0,
    ...overrides,
  };
}

function texts(records: InstanceRecord[], now = T0): string[] {
  return topologyLines(buildTopologyTree(records, now), now).map((r) => lineText(r.line));
}

describe('topologyLines', () => {
  it('draws a healthy tree with aligned columns and branch glyphs', () => {
    const lines = texts([
      record('127.0.0.1:3306', facts('127.0.0.1:3306', T0)),
      record('127.0.0.1:3307', facts('127.0.0.1:3307', T0, channel('127.0.0.1:3306'))),
      record('127.0.0.1:3308', facts('127.0.0.1:3308', T0, channel('127.0.0.1:3306', { lagSeconds: 3 }))),
      record('127.0.0.1:3309', facts('127.0.0.1:3309', T0, channel('127.0.0.1:3307'))),
    ]);
    expect(lines).toEqual([
      '127.0.0.1:3306        primary       rw  —           gtid 0-1-1200',
      '├─ 127.0.0.1:3307     intermediate  ro  ok  lag 0s  gtid 0-1-1200',
      '│  └─ 127.0.0.1:3309  replica       ro  ok  lag 0s  gtid 0-1-1200',
      '└─ 127.0.0.1:3308     replica       ro  ok  lag 3s  gtid 0-1-1200',
    ]);
  });

  it('shows broken replication: thread states, "lag —", errors and other problems', () => {
    const lines = texts([
      record('127.0.0.1:3306', facts('127.0.0.1:3306', T0)),
      record('127.0.0.1:3307', facts('127.0.0.1:3307', T0, channel('127.0.0.1:3306', { ioState: 'connecting', lagSeconds: null, lastIoErrno: 2003, lastIoError: 'cannot connect' }))),
      record('127.0.0.1:3308', facts('127.0.0.1:3308', T0, channel('127.0.0.1:3306', { sqlRunning: false, lagSeconds: 0, lastSqlErrno: 1062, lastSqlError: 'Duplicate entry' }))),
      record('127.0.0.1:3309', facts('127.0.0.1:3306', T0, channel('127.0.0.1:3306', { lagSeconds: 120 }), { key: parseInstanceKey('127.0.0.1:3309'), readOnly: false })),
    ]);
    expect(lines[1]).toBe('├─ 127.0.0.1:3307  replica       ro  io:connecting  lag —     gtid 0-1-1200  ! IO error 2003: cannot connect');
    expect(lines[2]).toBe('├─ 127.0.0.1:3308  replica       ro  sql:stopped    lag —     gtid 0-1-1200  ! SQL error 1062: Duplicate entry');
    expect(lines[3]).toBe('└─ 127.0.0.1:3309  replica       rw  ok             lag 120s  gtid 0-1-1200  ! replica is writable (read_only=OFF)');
  });

  it('shows an unreachable server clearly, with how long ago it was seen and why', () => {
    const lines = texts(
      [
        record('127.0.0.1:3306', facts('127.0.0.1:3306', T0)),
        record('127.0.0.1:3307', facts('127.0.0.1:3307', T0, channel('127.0.0.1:3306')), {
          reachable: false,
          lastCheckedAt: T0 + 3_000,
          lastError: 'orc_unreachable: connect ECONNREFUSED',
        }),
        record('127.0.0.1:3310', null, { reachable: false, lastSeenAt: null, lastError: 'orc_unreachable: timeout' }),
      ],
      T0 + 3_000,
    );
    expect(lines[1]).toBe('└─ 127.0.0.1:3307  replica       UNREACHABLE, last seen 3s ago: orc_unreachable: connect ECONNREFUSED');
    expect(lines[2]).toBe('127.0.0.1:3310     primary       NEVER REACHED: orc_unreachable: timeout');
  });

  it('colours what is wrong: red for unreachable and stopped threads, yellow for problems', () => {
    const rows = topologyLines(
      buildTopologyTree(
        [
          record('127.0.0.1:3306', facts('127.0.0.1:3306', T0)),
          record('127.0.0.1:3307', facts('127.0.0.1:3307', T0, channel('127.0.0.1:3306', { sqlRunning: false })), { reachable: false }),
          record('127.0.0.1:3308', facts('127.0.0.1:3308', T0, channel('127.0.0.1:3306', { sqlRunning: false }), { readOnly: false })),
        ],
        T0,
      ),
      T0,
    );
    const unreachable = rows[1]!.line;
    expect(unreachable.find((s) => s.text.includes('UNREACHABLE'))).toMatchObject({ tone: 'danger', bold: true });
    const broken = rows[2]!.line;
    expect(broken.find((s) => s.text.includes('sql:stopped'))?.tone).toBe('danger');
    expect(broken.find((s) => s.text.includes('rw'))?.tone).toBe('warning');
    expect(broken.find((s) => s.text.includes('!'))?.tone).toBe('warning');
  });

  it('shortens MySQL GTID sets and shows binlog coordinates when GTIDs are off', () => {
    const uuid = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
    const mysql = facts('127.0.0.1:3306', T0, null, {
      flavor: 'mysql',
      gtid: { enabled: true, executed: `${uuid}:1-5000,4f22ab58-71ca-11e1-9e33-c80aa9429562:1-9`, binlogPos: '', replicaPos: '', domainId: null, strict: true, mode: 'ON' },
    });
    expect(texts([record('127.0.0.1:3306', mysql)])[0]).toBe('127.0.0.1:3306  primary       rw  —  gtid 3e11fa47…:1-5000 +1');
    const noGtid = facts('127.0.0.1:3306', T0, null, { gtid: { ...mysql.gtid, enabled: false } });
    expect(texts([record('127.0.0.1:3306', noGtid)])[0]).toBe('127.0.0.1:3306  primary       rw  —  mariadb-bin.000002:4711');
  });
});

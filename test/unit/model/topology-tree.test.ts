import { describe, expect, it } from 'vitest';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { buildTopologyTree, flattenTopology } from '../../../core/model/topology-tree.js';
import { makeFacts, makeRecord } from '../../support/facts-builder.js';

const now = 1_000_000;
const healthy = () => [
  makeRecord('127.0.0.1:3309', makeFacts('127.0.0.1:3309', { source: '127.0.0.1:3307', serverId: 4 })),
  makeRecord('127.0.0.1:3306', makeFacts('127.0.0.1:3306', { replicas: ['127.0.0.1:3307', '127.0.0.1:3308'] })),
  makeRecord('127.0.0.1:3308', makeFacts('127.0.0.1:3308', { source: '127.0.0.1:3306', serverId: 3 })),
  makeRecord('127.0.0.1:3307', makeFacts('127.0.0.1:3307', { source: '127.0.0.1:3306', serverId: 2, replicas: ['127.0.0.1:3309'] })),
];

describe('buildTopologyTree', () => {
  it('arranges a 4-server topology with roles, depth and no problems', () => {
    const nodes = flattenTopology(buildTopologyTree(healthy(), now));
    expect(nodes.map((n) => [formatInstanceKey(n.record.key), n.role, n.depth])).toEqual([
      ['127.0.0.1:3306', 'primary', 0],
      ['127.0.0.1:3307', 'intermediate', 1],
      ['127.0.0.1:3309', 'replica', 2],
      ['127.0.0.1:3308', 'replica', 1],
    ]);
    expect(nodes.flatMap((n) => n.problems)).toEqual([]);
  });

  it('keeps an unreachable replica in place with its last facts and reports it', () => {
    const records = healthy().map((r) =>
      r.key.port === 3308 ? { ...r, reachable: false, lastSeenAt: now - 3000, lastError: 'orc_unreachable: connect ECONNREFUSED' } : r,
    );
    const node = flattenTopology(buildTopologyTree(records, now)).find((n) => n.record.key.port === 3308)!;
    expect(node.depth).toBe(1);
    expect(node.problems.map((p) => p.code)).toEqual(['unreachable']);
    expect(node.problems[0]!.text).toContain('unreachable for 3s');
  });

  it('reports replication problems of a replica', () => {
    const broken = makeRecord(
      '127.0.0.1:3308',
      makeFacts('127.0.0.1:3308', {
        source: '127.0.0.1:3306',
        readOnly: false,
        channel: { ioState: 'connecting', sqlRunning: false, lagSeconds: null, lastIoErrno: 2003, lastIoError: "Can't connect" },
      }),
    );
    const records = healthy().map((r) => (r.key.port === 3308 ? broken : r));
    const node = flattenTopology(buildTopologyTree(records, now)).find((n) => n.record.key.port === 3308)!;
    expect(node.problems.map((p) => p.code)).toEqual([
      'io_thread_connecting',
      'sql_thread_stopped',
      'replication_io_error',
      'writable_replica',
    ]);
  });

  it('survives a replication cycle (co-primaries)', () => {
    const records = [
      makeRecord('10.0.0.2:3306', makeFacts('10.0.0.2:3306', { source: '10.0.0.1:3306' })),
      makeRecord('10.0.0.1:3306', makeFacts('10.0.0.1:3306', { source: '10.0.0.2:3306' })),
    ];
    const nodes = flattenTopology(buildTopologyTree(records, now));
    expect(nodes.map((n) => formatInstanceKey(n.record.key))).toEqual(['10.0.0.1:3306', '10.0.0.2:3306']);
    expect(nodes[0]!.role).toBe('orphan');
  });
});

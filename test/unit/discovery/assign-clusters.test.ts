import { describe, expect, it } from 'vitest';
import { assignClusters } from '../../../core/discovery/assign-clusters.js';
import { nameClusters } from '../../../core/discovery/name-clusters.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';

const m = (key: string, source: string | null) => ({ key: parseInstanceKey(key), source: source ? parseInstanceKey(source) : null });

describe('assignClusters', () => {
  it('names every member after the root of its chain', () => {
    const result = assignClusters([m('h:4', 'h:2'), m('h:2', 'h:1'), m('h:1', null), m('h:3', 'h:1'), m('x:1', null)]);
    expect(Object.fromEntries(result)).toEqual({ 'h:4': 'h:1', 'h:2': 'h:1', 'h:1': 'h:1', 'h:3': 'h:1', 'x:1': 'x:1' });
  });

  it('treats a replica of an unknown source as its own root', () => {
    expect(assignClusters([m('h:2', 'gone:1')]).get('h:2')).toBe('h:2');
  });

  it('names a cycle after its lowest member, with hangers-on included', () => {
    const result = assignClusters([m('b:1', 'a:1'), m('a:1', 'b:1'), m('c:1', 'b:1')]);
    expect(new Set(result.values())).toEqual(new Set(['a:1']));
  });
});

describe('nameClusters', () => {
  it('gives a config alias to the cluster holding its seed, preferring a reachable seed', () => {
    const members = [
      { name: 'h:1', clusterName: 'h:1', reachable: false, previousAlias: null },
      { name: 'h:2', clusterName: 'h:2', reachable: true, previousAlias: null },
      { name: 'h:3', clusterName: 'h:2', reachable: true, previousAlias: null },
    ];
    const aliases = [{ alias: 'main', seeds: [parseInstanceKey('h:1'), parseInstanceKey('h:2')] }];
    const clusters = nameClusters(members, aliases, 5);
    expect(clusters).toEqual([
      { name: 'h:1', alias: null, primary: { host: 'h', port: 1 }, updatedAt: 5 },
      { name: 'h:2', alias: 'main', primary: { host: 'h', port: 2 }, updatedAt: 5 },
    ]);
  });

  it('keeps an alias with the members after a failover renamed the cluster', () => {
    // h:1 was the primary and is dead; h:2 was promoted and h:3 follows it.
    const members = [
      { name: 'h:1', clusterName: 'h:1', reachable: false, previousAlias: 'main' },
      { name: 'h:2', clusterName: 'h:2', reachable: true, previousAlias: 'main' },
      { name: 'h:3', clusterName: 'h:2', reachable: true, previousAlias: 'main' },
    ];
    const clusters = nameClusters(members, [{ alias: 'main', seeds: [parseInstanceKey('h:1')] }], 5);
    expect(clusters.map((c) => [c.name, c.alias])).toEqual([
      ['h:1', null],
      ['h:2', 'main'],
    ]);
  });
});

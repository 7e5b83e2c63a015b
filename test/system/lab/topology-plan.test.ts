import { describe, expect, it } from 'vitest';
import { planTopology } from '../../../ci-env/lab.js';

const shape = (base: number, replicas?: number, chain?: number) =>
  planTopology(base, replicas, chain).map((n) => `${n.port}:${n.role}<${n.source ?? '-'}`);

describe('planTopology', () => {
  it('lays out the default lab: primary, two replicas, one replica below the first', () => {
    expect(shape(23306)).toEqual(['23306:primary<-', '23307:intermediate<23306', '23308:replica<23306', '23309:replica<23307']);
    expect(planTopology(23306).map((n) => n.serverId)).toEqual([23306, 23307, 23308, 23309]);
  });

  it('builds a standalone server, a flat fan-out and a deeper chain', () => {
    expect(shape(30000, 0, 0)).toEqual(['30000:primary<-']);
    expect(shape(30000, 3, 0)).toEqual(['30000:primary<-', '30001:replica<30000', '30002:replica<30000', '30003:replica<30000']);
    expect(shape(30000, 1, 2)).toEqual(['30000:primary<-', '30001:intermediate<30000', '30002:intermediate<30001', '30003:replica<30002']);
  });

  it('refuses shapes it cannot build', () => {
    expect(() => planTopology(30000, 0, 1)).toThrow(/--chain needs at least one direct replica/);
    expect(() => planTopology(30000, -1, 0)).toThrow(/--replicas must be a whole number/);
    expect(() => planTopology(65534, 2, 1)).toThrow(/--base-port must leave 4 ports/);
    expect(() => planTopology(30000, 40, 0)).toThrow(/at most 32 servers/);
  });
});

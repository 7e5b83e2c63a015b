import { describe, expect, it } from 'vitest';
import type { PreSeedInput, PreSeedServer } from '../../../core/seeds/pre-seed-input.js';
import { preSeedRefusals } from '../../../core/seeds/pre-seed-refusals.js';
import { SOURCE, TARGET } from './seed-scenario.js';

const SERVER: PreSeedServer = {
  version: '10.11.6-MariaDB-log',
  engines: ['innodb'],
  binlog: true,
  logSlaveUpdates: false,
  isReplica: false,
  replicaCount: 0,
  dataBytes: 1_000,
  freeBytes: 10_000,
};
const AGENT = { methods: ['mariabackup', 'dump'], activeSeed: null };
const OK: PreSeedInput = { method: 'mariabackup', source: SOURCE, target: TARGET, sourceAgent: AGENT, targetAgent: AGENT, sourceServer: SERVER, targetServer: SERVER };

const CASES: readonly { name: string; input: Partial<PreSeedInput>; codes: string[]; says?: RegExp }[] = [
  { name: 'unknown method', input: { method: 'rsync' }, codes: ['unknown-method'] },
  { name: 'self-seed', input: { target: { host: 'DB-SRC.example', port: 3306 } }, codes: ['self-seed'], says: /both db-src.example:3306/ },
  { name: 'an agent unreachable', input: { targetAgent: null }, codes: ['agent-unreachable'], says: /target agent/ },
  { name: 'method unavailable on one agent', input: { sourceAgent: { ...AGENT, methods: ['dump'] } }, codes: ['method-unavailable'] },
  { name: 'engine the method cannot copy', input: { sourceServer: { ...SERVER, engines: ['innodb', 'rocksdb'] } }, codes: ['unsupported-engine'], says: /rocksdb/ },
  { name: 'a server unreadable', input: { sourceServer: null }, codes: ['server-unreadable'] },
  { name: 'target older than the source', input: { targetServer: { ...SERVER, version: '10.6.19-MariaDB' } }, codes: ['target-version-older'] },
  { name: 'binlog off at the source', input: { sourceServer: { ...SERVER, binlog: false } }, codes: ['source-binlog-off'] },
  { name: 'source a replica without log_slave_updates', input: { sourceServer: { ...SERVER, isReplica: true } }, codes: ['source-binlog-off'], says: /log_slave_updates/ },
  { name: 'target is a replica', input: { targetServer: { ...SERVER, isReplica: true } }, codes: ['target-is-replica'] },
  { name: 'target has replicas', input: { targetServer: { ...SERVER, replicaCount: 2 } }, codes: ['target-has-replicas'] },
  { name: 'an agent busy with another seed', input: { targetAgent: { ...AGENT, activeSeed: 'seed-9' } }, codes: ['agent-busy'], says: /seed-9/ },
  { name: 'not enough space', input: { targetServer: { ...SERVER, freeBytes: 999 } }, codes: ['not-enough-space'] },
  { name: 'not enough space for a logical copy and its backup', input: { method: 'dump', targetServer: { ...SERVER, freeBytes: 1_500 } }, codes: ['not-enough-space'] },
];

describe('preSeedRefusals', () => {
  it('refuses nothing when every check passes (a newer target and a replica source with log_slave_updates too)', () => {
    expect(preSeedRefusals(OK)).toEqual([]);
    expect(preSeedRefusals({ ...OK, targetServer: { ...SERVER, version: '11.4.2-MariaDB' }, sourceServer: { ...SERVER, isReplica: true, logSlaveUpdates: true } })).toEqual([]);
  });

  for (const c of CASES) {
    it(`rejects: ${c.name}`, () => {
      const refusals = preSeedRefusals({ ...OK, ...c.input });
      expect(refusals.map((r) => r.code)).toEqual(c.codes);
      if (c.says) expect(refusals[0]?.message).toMatch(c.says);
    });
  }

  it('lists every reason at once', () => {
    const codes = preSeedRefusals({ ...OK, target: SOURCE, targetAgent: null, targetServer: { ...SERVER, replicaCount: 1, freeBytes: 0 } }).map((r) => r.code);
    expect(codes).toEqual(['self-seed', 'agent-unreachable', 'target-has-replicas', 'not-enough-space']);
  });
});

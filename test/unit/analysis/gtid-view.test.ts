import { describe, expect, it } from 'vitest';
import { effectivePosition, errantOf, gtidScore, relateGtid, unionGtid } from '../../../core/analysis/gtid-view.js';
import type { InstanceFacts } from '../../../core/model/instance.js';
import { applyChanges, loadBase } from './topology-fixtures.js';

const U0 = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
const U2 = '5a33bc69-93ec-11e1-9e33-c80aa9429564';
const U9 = '9a99bc69-93ec-11e1-9e33-c80aa9429599';

describe('gtid view', () => {
  it('never throws on malformed GTIDs: they compare as incomparable and score -1', () => {
    expect(relateGtid('mariadb', '0-1-x', '0-1-1')).toBe('incomparable');
    expect(gtidScore('mysql', 'not-a-set')).toBe(-1n);
    expect(unionGtid('mariadb', '0-1-5', 'garbage')).toBe('0-1-5');
  });

  it('unions positions per domain (MariaDB) and as sets (MySQL)', () => {
    expect(unionGtid('mariadb', '0-1-950,1-3-7', '0-1-1000')).toBe('0-1-1000,1-3-7');
    expect(unionGtid('mysql', `${U0}:1-10`, `${U0}:11-12`)).toBe(`${U0}:1-12`);
  });

  it('counts the relay log only while the SQL thread runs', () => {
    const [, r1] = applyChanges(loadBase(), [
      { instance: '127.0.0.1:3307', set: { facts: { gtid: { executed: '0-1-950' }, replication: { 0: { retrievedGtid: '0-1-1000' } } } } },
    ]).instances;
    const facts = r1!.facts!;
    expect(effectivePosition(facts, true)).toBe('0-1-1000');
    expect(effectivePosition(facts, false)).toBe('0-1-950');
    const stopped: InstanceFacts = { ...facts, replication: [{ ...facts.replication[0]!, sqlRunning: false }] };
    expect(effectivePosition(stopped, true)).toBe('0-1-950');
  });

  it('MySQL errant: the full difference when the source was seen after the replica, only own-uuid GTIDs otherwise', () => {
    const snapshot = loadBase('mysql-3');
    const source = snapshot.instances[0]!.facts!;
    const executed = `${U0}:1-500,${U2}:1-2,${U9}:1-3`;
    const replica: InstanceFacts = { ...snapshot.instances[2]!.facts!, gtid: { ...snapshot.instances[2]!.facts!.gtid, executed } };
    expect(errantOf(replica, source)).toBe(`${U2}:1-2,${U9}:1-3`);
    expect(errantOf({ ...replica, observedAt: source.observedAt + 1 }, source)).toBe(`${U2}:1-2`);
  });

  it('MariaDB errant: only GTIDs of the replica own server_id', () => {
    const snapshot = loadBase();
    const source = snapshot.instances[0]!.facts!;
    const replica = snapshot.instances[2]!.facts!;
    const local = (pos: string): InstanceFacts => ({ ...replica, gtid: { ...replica.gtid, executed: pos, binlogPos: pos } });
    expect(errantOf(local('0-3-1001'), source)).toBe('0-3-1001');
    expect(errantOf(local('0-7-1001'), source)).toBe('');
    expect(errantOf(local('0-1-1000,5-3-2'), source)).toBe('5-3-2');
  });
});

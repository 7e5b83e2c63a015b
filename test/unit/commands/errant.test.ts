import { describe, expect, it } from 'vitest';
import { errantReport, errantTransactions, MARIADB_ERRANT_EXPLANATION } from '../../../core/commands/errant.js';
import { expandGtidSet } from '../../../core/commands/expand-gtid-set.js';
import { fixErrant } from '../../../core/commands/fix-errant.js';
import type { InstanceFacts } from '../../../core/model/instance.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { commandFixture, P, R1, rejection } from './command-fixture.js';

const U1 = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
const U2 = '4f22fa47-71ca-11e1-9e33-c80aa9429562';
const mariadbGtid = (executed: string, binlogPos = executed) => ({ gtid: { enabled: true, executed, binlogPos, replicaPos: '0-1-100', domainId: 0, strict: true, mode: 'ON' } });
const mysql = (executed: string): Partial<InstanceFacts> => ({
  flavor: 'mysql',
  version: '8.0.36',
  majorVersion: '8.0',
  gtid: { enabled: true, executed, binlogPos: executed, replicaPos: '', domainId: null, strict: true, mode: 'ON' },
});

describe('errant GTIDs', () => {
  it('expands a MySQL GTID set into single GTIDs and refuses huge ones', () => {
    expect(expandGtidSet(`${U1}:1-3:7,${U2}:tag:5`)).toEqual([`${U1}:1`, `${U1}:2`, `${U1}:3`, `${U1}:7`, `${U2}:tag:5`]);
    expect(expandGtidSet('')).toEqual([]);
    expect(() => expandGtidSet(`${U1}:1-20`, 10)).toThrow(/20 errant transactions is more than 10/);
  });

  it('finds a MariaDB replica write of its own server_id and explains the fix', async () => {
    const f = await commandFixture({ facts: { [R1]: mariadbGtid('0-2-101') } });
    const report = await errantTransactions(f.ctx, R1);
    expect(report).toEqual({
      replica: parseInstanceKey(R1),
      primary: parseInstanceKey(P),
      flavor: 'mariadb',
      errant: '0-2-101',
      fix: { kind: 'reseed', explanation: MARIADB_ERRANT_EXPLANATION },
    });
    // The replica is read before the primary: what it has from the primary is on the primary by then.
    expect(f.probe.calls).toEqual([R1, P]);
  });

  it('finds a MariaDB local write the primary has overtaken while the replica SQL thread is stopped', async () => {
    const replica = { gtid: { enabled: true, executed: '0-2-101', binlogPos: '0-2-101', binlogState: '0-1-100,0-2-101', replicaPos: '0-1-100', domainId: 0, strict: true, mode: 'ON' } };
    const primary = { gtid: { enabled: true, executed: '0-1-104', binlogPos: '0-1-104', binlogState: '0-1-104', replicaPos: '', domainId: 0, strict: true, mode: 'ON' } };
    const f = await commandFixture({ facts: { [R1]: replica, [P]: primary } });
    expect(await errantTransactions(f.ctx, R1)).toMatchObject({ errant: '0-2-101', fix: { kind: 'reseed' } });
  });

  it('reports nothing for a clean replica and refuses the primary', async () => {
    const f = await commandFixture();
    expect((await errantTransactions(f.ctx, R1)).errant).toBe('');
    expect(await rejection(errantTransactions(f.ctx, P))).toMatchObject({ code: 'orc_bad_input' });
  });

  it('computes the MySQL set difference and offers injection on the primary', () => {
    const replica = { ...makeMysql(R1, `${U1}:1-10,${U2}:1-2`) };
    const primary = makeMysql(P, `${U1}:1-12`);
    expect(errantReport(replica, primary)).toMatchObject({ errant: `${U2}:1-2`, fix: { kind: 'inject', on: parseInstanceKey(P) } });
  });

  it('--fix injects one empty transaction per errant GTID on the MySQL primary, under its lock, audited', async () => {
    const f = await commandFixture({ facts: { [P]: mysql(`${U1}:1-12`), [R1]: mysql(`${U1}:1-10,${U2}:1-2`) } });
    const primary = await f.probe.probe(parseInstanceKey(P));
    f.control.listen((line) => {
      if (line.startsWith('injectEmptyTransactions')) f.probe.set({ ...primary, ...mysql(`${U1}:1-12,${U2}:1-2`) });
    });
    const result = await fixErrant(f.ctx, R1);
    expect(result).toMatchObject({ injected: 2, after: '' });
    expect(f.control.calls).toEqual([`injectEmptyTransactions ${P} ${U2}:1,${U2}:2`]);
    expect((await f.store.listAudit())[0]).toMatchObject({ action: 'fix-errant', outcome: 'ok' });
  });

  it('--fix refuses on MariaDB with the explanation and changes nothing', async () => {
    const f = await commandFixture({ facts: { [R1]: mariadbGtid('0-2-101') } });
    const err = await rejection(fixErrant(f.ctx, R1));
    expect(err.code).toBe('orc_refused');
    expect(err.message).toBe(`${R1} has errant GTID 0-2-101. ${MARIADB_ERRANT_EXPLANATION}`);
    expect(f.control.calls).toEqual([]);
  });
});

function makeMysql(key: string, executed: string): InstanceFacts {
  return {
    key: parseInstanceKey(key), flavor: 'mysql', version: '8.0.36', majorVersion: '8.0', serverId: 1, serverUuid: U1, readOnly: false, superReadOnly: false,
    logBin: true, logReplicaUpdates: true, binlogFormat: 'ROW', binlogFile: null, binlogPosition: null,
    gtid: { enabled: true, executed, binlogPos: executed, replicaPos: '', domainId: null, strict: true, mode: 'ON' },
    replication: [], replicas: [], replicaHints: { dumpHosts: [], unnamedPorts: [] }, semiSync: null, uptimeSeconds: 1, observedAt: 1, probeMillis: 1,
  };
}

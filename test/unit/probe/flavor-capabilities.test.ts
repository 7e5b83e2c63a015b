import { describe, expect, it } from 'vitest';
import {
  FLAVOR_CAPABILITIES,
  capabilitiesFor,
  detectFlavor,
  parseServerVersion,
  replicationStatements,
  variablesSelect,
} from '../../../core/model/flavor-capabilities.js';
import { loadFixture } from './server-output-fixtures.js';

describe('detectFlavor / parseServerVersion', () => {
  it.each([
    ['10.11.19-MariaDB-0+deb12u1-log', 'Debian 12', 'mariadb', '10.11'],
    ['11.4.2-MariaDB', 'mariadb.org binary distribution', 'mariadb', '11.4'],
    ['5.5.5-10.6.12-MariaDB', '', 'mariadb', '10.6'],
    ['10.6.12', 'MariaDB Server', 'mariadb', '10.6'],
    ['8.0.36', 'MySQL Community Server - GPL', 'mysql', '8.0'],
    ['8.4.0-commercial', 'MySQL Enterprise Server - Commercial', 'mysql', '8.4'],
    ['8.0.35-27', 'Percona Server (GPL), Release 27, Revision 2f8eeab2', 'mysql', '8.0'],
    ['5.7.44-log', 'MySQL Community Server (GPL)', 'mysql', '5.7'],
  ])('%s / %s -> %s %s', (version, comment, flavor, major) => {
    expect(detectFlavor(version, comment)).toBe(flavor);
    expect(parseServerVersion(version).majorText).toBe(major);
  });

  it('rejects a version it cannot read, naming it', () => {
    expect(() => parseServerVersion('garbage')).toThrow(expect.objectContaining({ code: 'orc_bad_input', message: expect.stringContaining('"garbage"') }));
  });
});

describe('capabilitiesFor', () => {
  it.each([
    ['mariadb', '10.11.19-MariaDB-log', 'mariadb'],
    ['mysql', '5.7.44', 'mysql-legacy'],
    ['mysql', '8.0.21', 'mysql-legacy'],
    ['mysql', '8.0.22', 'mysql-legacy'],
    ['mysql', '8.0.23', 'mysql-8.0'],
    ['mysql', '8.1.0', 'mysql-8.0'],
    ['mysql', '8.2.0', 'mysql-8.4'],
    ['mysql', '8.4.3', 'mysql-8.4'],
    ['mysql', '9.1.0', 'mysql-8.4'],
  ] as const)('%s %s -> %s', (flavor, version, profile) => {
    expect(capabilitiesFor(flavor, version).profile).toBe(profile);
  });

  it('gives each flavor and version its statements and column names', () => {
    const m = FLAVOR_CAPABILITIES.mariadb;
    const legacy = FLAVOR_CAPABILITIES['mysql-legacy'];
    const my80 = FLAVOR_CAPABILITIES['mysql-8.0'];
    const my84 = FLAVOR_CAPABILITIES['mysql-8.4'];
    expect([m, legacy, my80, my84].map((c) => c.replicaStatus.statement)).toEqual([
      'SHOW ALL SLAVES STATUS',
      'SHOW SLAVE STATUS',
      'SHOW REPLICA STATUS',
      'SHOW REPLICA STATUS',
    ]);
    expect([m, legacy, my80, my84].map((c) => c.replicas.statement)).toEqual(['SHOW SLAVE HOSTS', 'SHOW SLAVE HOSTS', 'SHOW REPLICAS', 'SHOW REPLICAS']);
    expect([m, legacy, my80, my84].map((c) => c.binlogStatus.statement)).toEqual([
      'SHOW MASTER STATUS',
      'SHOW MASTER STATUS',
      'SHOW MASTER STATUS',
      'SHOW BINARY LOG STATUS',
    ]);
    expect(m.replicaStatus.columns).toMatchObject({ ioRunning: 'Slave_IO_Running', sourceHost: 'Master_Host', secondsBehind: 'Seconds_Behind_Master', execSourceLogPos: 'Exec_Master_Log_Pos' });
    expect(legacy.replicaStatus.columns).toMatchObject({ ioRunning: 'Slave_IO_Running', sourceUuid: 'Master_UUID', gtidUsage: 'Auto_Position' });
    expect(my84.replicaStatus.columns).toMatchObject({ ioRunning: 'Replica_IO_Running', sourceHost: 'Source_Host', secondsBehind: 'Seconds_Behind_Source', execSourceLogPos: 'Exec_Source_Log_Pos' });
  });

  it('never selects a variable MariaDB lacks (error 1193, captured live)', () => {
    const err = loadFixture('mariadb-10.11', 'error-absent-variable').rows[0]!;
    expect(err['errno']).toBe(1193);
    const select = variablesSelect(FLAVOR_CAPABILITIES.mariadb);
    for (const name of FLAVOR_CAPABILITIES.mariadb.absentVariables) expect(select).not.toContain(`@@${name}`);
    expect(FLAVOR_CAPABILITIES.mariadb.absentVariables).toEqual(expect.arrayContaining(['server_uuid', 'gtid_executed', 'gtid_mode', 'super_read_only']));
  });

  it('selects log_replica_updates on 8.4 and the MySQL-only variables on MySQL', () => {
    const select = variablesSelect(FLAVOR_CAPABILITIES['mysql-8.4']);
    expect(select).toContain('@@log_replica_updates AS log_replica_updates');
    expect(select).toContain('@@server_uuid AS server_uuid');
    expect(select).toContain('@@gtid_executed AS gtid_executed');
    expect(select).not.toContain('@@gtid_current_pos');
  });
});

describe('replicationStatements', () => {
  const base = { host: '10.0.0.5', port: 3306, user: 'repl', password: "p'w\\d", connectRetry: 1, heartbeatPeriod: 0.5 };

  it('MariaDB: CHANGE MASTER TO with MASTER_USE_GTID, values escaped', () => {
    const s = replicationStatements(FLAVOR_CAPABILITIES.mariadb);
    expect(s.changeSource({ ...base, useGtid: 'slave_pos' })).toBe(
      "CHANGE MASTER TO MASTER_HOST = '10.0.0.5', MASTER_PORT = 3306, MASTER_USER = 'repl', MASTER_PASSWORD = 'p\\'w\\\\d', " +
        'MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1, MASTER_HEARTBEAT_PERIOD = 0.5',
    );
    expect(s.changeSource({ ...base, useGtid: 'current_pos' })).toContain('MASTER_USE_GTID = current_pos');
    expect(s.changeSource({ ...base, useGtid: 'auto' })).toContain('MASTER_USE_GTID = slave_pos');
    expect([s.stopReplica(), s.startReplica(), s.resetReplicaAll()]).toEqual(['STOP SLAVE', 'START SLAVE', 'RESET SLAVE ALL']);
    expect([s.setReadOnly(true), s.setReadOnly(false)]).toEqual(['SET GLOBAL read_only = ON', 'SET GLOBAL read_only = OFF']);
    expect(s.waitForGtid('0-1-15,1-2-3', 5)).toBe("SELECT MASTER_GTID_WAIT('0-1-15,1-2-3', 5) AS result");
  });

  it('MySQL 8.0.23+/8.4: CHANGE REPLICATION SOURCE TO with SOURCE_AUTO_POSITION', () => {
    const s = replicationStatements(FLAVOR_CAPABILITIES['mysql-8.4']);
    const { connectRetry: _c, heartbeatPeriod: _h, ...minimal } = base;
    expect(s.changeSource({ ...minimal, useGtid: 'auto' })).toBe(
      "CHANGE REPLICATION SOURCE TO SOURCE_HOST = '10.0.0.5', SOURCE_PORT = 3306, SOURCE_USER = 'repl', " +
        "SOURCE_PASSWORD = 'p\\'w\\\\d', SOURCE_AUTO_POSITION = 1",
    );
    expect([s.stopReplica(), s.startReplica(), s.resetReplicaAll()]).toEqual(['STOP REPLICA', 'START REPLICA', 'RESET REPLICA ALL']);
    expect([s.setReadOnly(true), s.setReadOnly(false)]).toEqual(['SET GLOBAL super_read_only = ON', 'SET GLOBAL read_only = OFF']);
    expect(s.waitForGtid('3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5', 2.5)).toBe(
      "SELECT WAIT_FOR_EXECUTED_GTID_SET('3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5', 2.5) AS result",
    );
  });

  it('legacy MySQL: CHANGE MASTER TO ... MASTER_AUTO_POSITION', () => {
    const s = replicationStatements(FLAVOR_CAPABILITIES['mysql-legacy']);
    expect(s.changeSource({ ...base, useGtid: 'slave_pos' })).toContain('MASTER_AUTO_POSITION = 1, MASTER_CONNECT_RETRY = 1');
    expect(s.stopReplica()).toBe('STOP SLAVE');
  });

  it('escapes hostile values instead of pasting them', () => {
    const s = replicationStatements(FLAVOR_CAPABILITIES.mariadb);
    const sql = s.changeSource({ ...base, host: "x', MASTER_PORT=1; DROP DATABASE mysql; --", useGtid: 'slave_pos' });
    expect(sql).toContain("MASTER_HOST = 'x\\', MASTER_PORT=1; DROP DATABASE mysql; --'");
  });

  it.each([
    [{ port: 0 }, 'port'],
    [{ port: 3306.5 }, 'port'],
    [{ host: '' }, 'host'],
    [{ user: '' }, 'user'],
    [{ connectRetry: 0 }, 'connectRetry'],
    [{ heartbeatPeriod: -1 }, 'heartbeatPeriod'],
    [{ heartbeatPeriod: Number.NaN }, 'heartbeatPeriod'],
    [{ useGtid: 'own_pos' }, 'useGtid'],
  ])('rejects %j naming %s, never echoing the password', (patch, field) => {
    const s = replicationStatements(FLAVOR_CAPABILITIES.mariadb);
    const call = () => s.changeSource({ ...base, useGtid: 'slave_pos', ...(patch as object) });
    expect(call).toThrow(expect.objectContaining({ code: 'orc_bad_input', details: { field } }));
    try {
      call();
    } catch (err) {
      expect((err as Error).message).not.toContain(base.password);
    }
  });

  it('validates the GTID and timeout it waits for', () => {
    expect(() => replicationStatements(FLAVOR_CAPABILITIES.mariadb).waitForGtid("0-1-1'); DROP", 1)).toThrow(/bad token/);
    expect(() => replicationStatements(FLAVOR_CAPABILITIES['mysql-8.0']).waitForGtid('0-1-1', 1)).toThrow(/bad token/);
    expect(() => replicationStatements(FLAVOR_CAPABILITIES.mariadb).waitForGtid('0-1-1', -1)).toThrow(/timeoutSeconds/);
  });
});

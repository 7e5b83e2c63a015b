import { describe, expect, it } from 'vitest';
import { FLAVOR_CAPABILITIES, capabilitiesFor, detectFlavor, parseServerVersion } from '../../../core/model/flavor-capabilities.js';
import { variablesSelect } from '../../../core/probe/probe-statements.js';
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
    ['mysql', '5.7.44', 'mysql-5.7'],
    ['mysql', '8.0.3', 'mysql-5.7'],
    ['mysql', '8.0.4', 'mysql-legacy'],
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

  it('MariaDB reads heartbeats from its replica status; every MySQL row from performance_schema', () => {
    expect(FLAVOR_CAPABILITIES.mariadb.channelHeartbeats).toBeNull();
    expect(FLAVOR_CAPABILITIES.mariadb.replicaStatus.columns).toMatchObject({ heartbeatsReceived: 'Slave_received_heartbeats', heartbeatPeriod: 'Slave_heartbeat_period' });
    for (const profile of ['mysql-5.7', 'mysql-legacy', 'mysql-8.0', 'mysql-8.4'] as const) {
      const caps = FLAVOR_CAPABILITIES[profile];
      expect(caps.replicaStatus.columns).toMatchObject({ heartbeatsReceived: null, heartbeatPeriod: null });
      expect(caps.channelHeartbeats).toMatchObject({
        status: { channel: 'CHANNEL_NAME', received: 'COUNT_RECEIVED_HEARTBEATS', lastEpochSeconds: 'LAST_HEARTBEAT_EPOCH' },
        configuration: { channel: 'CHANNEL_NAME', period: 'HEARTBEAT_INTERVAL' },
      });
    }
  });

  it('the MySQL 5.7 row differs from the 8.0.4-8.0.22 one only in lacking the public key option', () => {
    const { profile: _a, versions: _b, changeSource: c57, ...rest57 } = FLAVOR_CAPABILITIES['mysql-5.7'];
    const { profile: _c, versions: _d, changeSource: cLegacy, ...restLegacy } = FLAVOR_CAPABILITIES['mysql-legacy'];
    expect(rest57).toEqual(restLegacy);
    expect(c57).toEqual({ ...cLegacy, publicKey: null });
    expect(cLegacy.publicKey).toBe('GET_MASTER_PUBLIC_KEY');
  });

  it('every row finds replicas by their binlog dump threads in the processlist', () => {
    for (const caps of Object.values(FLAVOR_CAPABILITIES)) {
      expect(caps.binlogDumpThreads.statement).toBe("SELECT HOST FROM information_schema.PROCESSLIST WHERE COMMAND IN ('Binlog Dump', 'Binlog Dump GTID')");
    }
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

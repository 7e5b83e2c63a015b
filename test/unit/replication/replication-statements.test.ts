import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.js';
import { FLAVOR_CAPABILITIES } from '../../../core/model/flavor-capabilities.js';
import { replicationStatements } from '../../../core/replication/replication-statements.js';

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
        "SOURCE_PASSWORD = 'p\\'w\\\\d', SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1",
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

  // caching_sha2_password (MySQL 8's default) without TLS needs the source's public key; 5.7 and MariaDB reject the option.
  it.each([
    ['mariadb', null],
    ['mysql-5.7', null],
    ['mysql-legacy', 'GET_MASTER_PUBLIC_KEY'],
    ['mysql-8.0', 'GET_SOURCE_PUBLIC_KEY'],
    ['mysql-8.4', 'GET_SOURCE_PUBLIC_KEY'],
  ] as const)('%s: public key option %s', (profile, option) => {
    const sql = replicationStatements(FLAVOR_CAPABILITIES[profile]).changeSource({ ...base, useGtid: 'auto' });
    if (option === null) {
      expect(sql).not.toMatch(/PUBLIC_KEY/);
    } else {
      expect(sql.endsWith(`, ${option} = 1`)).toBe(true);
      expect(sql.match(/PUBLIC_KEY/g)).toHaveLength(1);
    }
  });

  it('MySQL 5.7 uses the MASTER_ syntax without a public key option', () => {
    const sql = replicationStatements(FLAVOR_CAPABILITIES['mysql-5.7']).changeSource({ ...base, useGtid: 'auto' });
    expect(sql).toBe(
      "CHANGE MASTER TO MASTER_HOST = '10.0.0.5', MASTER_PORT = 3306, MASTER_USER = 'repl', MASTER_PASSWORD = 'p\\'w\\\\d', " +
        'MASTER_AUTO_POSITION = 1, MASTER_CONNECT_RETRY = 1, MASTER_HEARTBEAT_PERIOD = 0.5',
    );
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

describe('replicationStatements.setReplicaGtidPosition (a freshly seeded server)', () => {
  it('MariaDB: stops replication, then sets gtid_slave_pos to the escaped position', () => {
    const s = replicationStatements(FLAVOR_CAPABILITIES.mariadb);
    expect(s.setReplicaGtidPosition(' 0-1-15,1-2-3 ')).toEqual(['STOP SLAVE', "SET GLOBAL gtid_slave_pos = '0-1-15,1-2-3'"]);
  });

  it.each(['mysql-5.7', 'mysql-legacy', 'mysql-8.0'] as const)('%s: RESET MASTER, then gtid_purged', (profile) => {
    const s = replicationStatements(FLAVOR_CAPABILITIES[profile]);
    expect(s.setReplicaGtidPosition('3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5')).toEqual([
      'RESET MASTER',
      "SET GLOBAL gtid_purged = '3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5'",
    ]);
  });

  it('MySQL 8.4: RESET BINARY LOGS AND GTIDS (RESET MASTER is gone), then gtid_purged', () => {
    const s = replicationStatements(FLAVOR_CAPABILITIES['mysql-8.4']);
    expect(s.setReplicaGtidPosition('3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5')).toEqual([
      'RESET BINARY LOGS AND GTIDS',
      "SET GLOBAL gtid_purged = '3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5'",
    ]);
  });

  it("refuses a position in the other flavor's notation, an empty one, or an injection attempt", () => {
    const maria = replicationStatements(FLAVOR_CAPABILITIES.mariadb);
    const mysql = replicationStatements(FLAVOR_CAPABILITIES['mysql-8.0']);
    expect(() => maria.setReplicaGtidPosition('3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5')).toThrow(InputError);
    expect(() => mysql.setReplicaGtidPosition('0-1-15')).toThrow(InputError);
    expect(() => maria.setReplicaGtidPosition('')).toThrow(InputError);
    expect(() => maria.setReplicaGtidPosition("0-1-15'; DROP TABLE x; --")).toThrow(InputError);
  });
});

import { describe, expect, it } from 'vitest';
import { FLAVOR_CAPABILITIES } from '../../../core/model/flavor-capabilities.js';
import { variablesSelect } from '../../../core/probe/probe-statements.js';
import { parseBinlogStatusRows, parseReplicaHostRows, parseVariablesRow } from '../../../core/probe/parse-server-rows.js';
import { firstRow, loadFixture } from './server-output-fixtures.js';

const mariadb = FLAVOR_CAPABILITIES.mariadb;

describe('parseVariablesRow', () => {
  it('MariaDB primary (captured): flavor, version, writable, GTID positions, built-in semi-sync off', () => {
    const fixture = loadFixture('mariadb-10.11', 'variables-primary');
    expect(fixture.statement).toBe(variablesSelect(mariadb));
    const status = loadFixture('mariadb-10.11', 'global-status-primary');
    expect(status.statement).toBe(mariadb.globalStatus.statement);
    const facts = parseVariablesRow(mariadb, fixture.rows[0]!, status.rows);
    expect(facts).toMatchObject({
      flavor: 'mariadb',
      majorVersion: '10.11',
      serverId: 24365,
      serverUuid: null,
      readOnly: false,
      superReadOnly: null,
      logBin: true,
      logReplicaUpdates: true,
      binlogFormat: 'ROW',
      semiSync: { sourceEnabled: false, replicaEnabled: false, sourceClients: 0, waitForReplicaCount: 1, sourceStatusOn: false },
    });
    expect(facts.version).toMatch(/^10\.11\.\d+-MariaDB/);
    expect(facts.gtid).toMatchObject({ enabled: true, domainId: 0, strict: true, mode: 'ON', replicaPos: '' });
    expect(facts.gtid.executed).toMatch(/^0-24365-\d+$/);
    expect(facts.gtid.binlogPos).toBe(facts.gtid.executed);
    expect(facts.uptimeSeconds).toBe(Number(status.rows.find((r) => r['Variable_name'] === 'Uptime')!['Value']));
  });

  it('MariaDB replica (captured): read_only, own server id, slave_pos equals the primary position', () => {
    const facts = parseVariablesRow(mariadb, firstRow('mariadb-10.11', 'variables-replica'), []);
    expect(facts).toMatchObject({ serverId: 24366, readOnly: true });
    expect(facts.gtid.replicaPos).toBe(facts.gtid.executed);
  });

  it('MySQL 8.4 replica: uuid, super_read_only, multi-line gtid_executed compacted, no semi-sync plugin', () => {
    const facts = parseVariablesRow(
      FLAVOR_CAPABILITIES['mysql-8.4'],
      firstRow('mysql-8.4', 'variables-replica'),
      loadFixture('mysql-8.4', 'global-status-replica').rows,
    );
    expect(facts).toMatchObject({
      flavor: 'mysql',
      majorVersion: '8.4',
      serverUuid: '14cb6624-7f93-11e0-b2c0-c80aa9429562',
      readOnly: true,
      superReadOnly: true,
      semiSync: null,
    });
    expect(facts.gtid).toMatchObject({
      enabled: true,
      executed: '3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5,73f86016-978b-11ee-ade5-8d2a2a562feb:1-3',
      replicaPos: '',
      domainId: null,
      strict: true,
      mode: 'ON',
    });
    expect(facts.uptimeSeconds).toBe(3600);
  });

  it('MySQL 8.0 primary with the semi-sync plugin', () => {
    const status = loadFixture('mysql-8.0', 'global-status-primary');
    expect(status.statement).toBe(FLAVOR_CAPABILITIES['mysql-8.0'].globalStatus.statement);
    const facts = parseVariablesRow(FLAVOR_CAPABILITIES['mysql-8.0'], firstRow('mysql-8.0', 'variables-primary'), status.rows);
    expect(facts.semiSync).toEqual({ sourceEnabled: true, replicaEnabled: false, sourceClients: 2, waitForReplicaCount: 1, sourceStatusOn: true });
    expect(facts.readOnly).toBe(false);
    expect(facts.uptimeSeconds).toBe(86400);
  });

  it('a MySQL server with gtid_mode OFF has GTIDs disabled', () => {
    const row = { ...firstRow('mysql-8.0', 'variables-primary'), gtid_mode: 'OFF', gtid_executed: '' };
    expect(parseVariablesRow(FLAVOR_CAPABILITIES['mysql-8.0'], row, []).gtid).toMatchObject({ enabled: false, mode: 'OFF', executed: '' });
  });

  it('names a missing alias', () => {
    const { server_id: _dropped, ...row } = firstRow('mariadb-10.11', 'variables-primary');
    expect(() => parseVariablesRow(mariadb, row, [])).toThrow(/no column "server_id"/);
  });
});

describe('parseReplicaHostRows', () => {
  it('MariaDB SHOW SLAVE HOSTS (captured)', () => {
    expect(parseReplicaHostRows(mariadb, loadFixture('mariadb-10.11', 'replica-hosts-primary').rows)).toEqual([{ host: '127.0.0.1', port: 24366 }]);
    expect(parseReplicaHostRows(mariadb, loadFixture('mariadb-10.11', 'replica-hosts-replica').rows)).toEqual([]);
  });

  it('MySQL SHOW REPLICAS (manual), sorted', () => {
    for (const dir of ['mysql-8.0', 'mysql-8.4']) {
      expect(parseReplicaHostRows(FLAVOR_CAPABILITIES['mysql-8.4'], loadFixture(dir, 'replica-hosts-primary').rows)).toEqual([
        { host: 'athena', port: 3306 },
        { host: 'iconnect2', port: 3306 },
      ]);
    }
  });

  it('leaves out rows that cannot be addressed', () => {
    const rows = [
      { Server_id: 5, Host: '', Port: 3306, Master_id: 1 },
      { Server_id: 6, Host: 'db6', Port: 0, Master_id: 1 },
    ];
    expect(parseReplicaHostRows(mariadb, rows)).toEqual([]);
  });
});

describe('parseBinlogStatusRows', () => {
  it('reads file and position (MariaDB captured, MySQL manual)', () => {
    const m = parseBinlogStatusRows(mariadb, loadFixture('mariadb-10.11', 'binlog-status-primary').rows);
    expect(m.binlogFile).toBe('mariadb-bin.000001');
    expect(m.binlogPosition).toBeGreaterThan(0);
    expect(loadFixture('mysql-8.4', 'binlog-status-primary').statement).toBe(FLAVOR_CAPABILITIES['mysql-8.4'].binlogStatus.statement);
    expect(loadFixture('mysql-8.0', 'binlog-status-primary').statement).toBe(FLAVOR_CAPABILITIES['mysql-8.0'].binlogStatus.statement);
    expect(parseBinlogStatusRows(FLAVOR_CAPABILITIES['mysql-8.4'], loadFixture('mysql-8.4', 'binlog-status-primary').rows)).toEqual({
      binlogFile: 'source-bin.000002',
      binlogPosition: 1307,
    });
  });

  it('gives nulls when log_bin is off (no row)', () => {
    expect(parseBinlogStatusRows(mariadb, [])).toEqual({ binlogFile: null, binlogPosition: null });
  });
});

import { describe, expect, it } from 'vitest';
import { FLAVOR_CAPABILITIES, type FlavorCapabilities } from '../../../core/model/flavor-capabilities.js';
import { parseReplicaStatusRow } from '../../../core/probe/parse-replica-status-row.js';
import { firstRow, loadFixture } from './server-output-fixtures.js';

const SOURCES: readonly [string, FlavorCapabilities][] = [
  ['mariadb-10.11', FLAVOR_CAPABILITIES.mariadb],
  ['mysql-8.0', FLAVOR_CAPABILITIES['mysql-8.0']],
  ['mysql-8.4', FLAVOR_CAPABILITIES['mysql-8.4']],
];

describe.each(SOURCES)('replica status fixtures of %s', (dir, caps) => {
  it('were produced by the statement the capability row names', () => {
    expect(loadFixture(dir, 'replica-status-healthy').statement).toBe(caps.replicaStatus.statement);
  });

  it('contain every column the capability row names', () => {
    const row = firstRow(dir, 'replica-status-healthy');
    for (const column of Object.values(caps.replicaStatus.columns)) {
      if (column !== null) expect(Object.keys(row)).toContain(column);
    }
  });

  it('healthy replica: both threads running, lag 0, relay log applied, no errors', () => {
    const status = parseReplicaStatusRow(caps, firstRow(dir, 'replica-status-healthy'));
    expect(status).toMatchObject({
      channel: '',
      ioState: 'yes',
      sqlRunning: true,
      lagSeconds: 0,
      lastIoErrno: 0,
      lastSqlErrno: 0,
      relayLogApplied: true,
      sqlDelaySeconds: 0,
    });
    expect(status.readSourceLogPos).toBe(status.execSourceLogPos);
    expect(status.source.host).toBe('127.0.0.1');
  });

  it('source killed: IO connecting with error 2003 and lag null (broken, not zero)', () => {
    const status = parseReplicaStatusRow(caps, firstRow(dir, 'replica-status-io-connecting'));
    expect(status.ioState).toBe('connecting');
    expect(status.sqlRunning).toBe(true);
    expect(status.lagSeconds).toBeNull();
    expect(status.lastIoErrno).toBe(2003);
    expect(status.lastIoError).toMatch(/connect/i);
  });

  it('SQL error: SQL thread stopped on 1062, lag null, relay log not applied', () => {
    const status = parseReplicaStatusRow(caps, firstRow(dir, 'replica-status-sql-error'));
    expect(status.ioState).toBe('yes');
    expect(status.sqlRunning).toBe(false);
    expect(status.lagSeconds).toBeNull();
    expect(status.lastSqlErrno).toBe(1062);
    expect(status.lastSqlError).not.toBe('');
    expect(status.relayLogApplied).toBe(false);
    expect(status.readSourceLogPos).toBeGreaterThan(status.execSourceLogPos);
  });

  it('non-replica: the statement returns no rows', () => {
    expect(loadFixture(dir, 'replica-status-non-replica').rows).toEqual([]);
  });
});

describe('MariaDB 10.11 specifics (captured live)', () => {
  const caps = FLAVOR_CAPABILITIES.mariadb;

  it('reads source, GTID usage, Gtid_IO_Pos and heartbeats from SHOW ALL SLAVES STATUS', () => {
    const status = parseReplicaStatusRow(caps, firstRow('mariadb-10.11', 'replica-status-healthy'));
    expect(status.source).toEqual({ host: '127.0.0.1', port: 24365 });
    expect(status.sourceServerId).toBe(24365);
    expect(status.sourceUuid).toBeNull();
    expect(status.gtidUsage).toBe('slave_pos');
    expect(status.retrievedGtid).toMatch(/^0-24365-\d+$/);
    expect(status.heartbeatsReceived).toBeGreaterThanOrEqual(2);
    expect(status.heartbeatPeriodMs).toBe(1000);
    expect(status.sourceLogFile).toBe('mariadb-bin.000001');
  });

  it('reads a fractional heartbeat period, 0 when heartbeats are off, and null when the value is unreadable', () => {
    const row = firstRow('mariadb-10.11', 'replica-status-healthy');
    expect(parseReplicaStatusRow(caps, { ...row, Slave_heartbeat_period: '0.500' }).heartbeatPeriodMs).toBe(500);
    expect(parseReplicaStatusRow(caps, { ...row, Slave_heartbeat_period: '30.000' }).heartbeatPeriodMs).toBe(30_000);
    expect(parseReplicaStatusRow(caps, { ...row, Slave_heartbeat_period: 0 }).heartbeatPeriodMs).toBe(0);
    expect(parseReplicaStatusRow(caps, { ...row, Slave_heartbeat_period: null }).heartbeatPeriodMs).toBeNull();
  });

  it('SHOW ALL SLAVES STATUS has 62 columns; the 54-column SHOW SLAVE STATUS lacks the connection name and heartbeats', () => {
    const all = firstRow('mariadb-10.11', 'replica-status-healthy');
    const single = firstRow('mariadb-10.11', 'show-slave-status-healthy');
    expect(Object.keys(all)).toHaveLength(62);
    expect(Object.keys(single)).toHaveLength(54);
    expect(single).not.toHaveProperty('Connection_name');
    expect(single).not.toHaveProperty('Slave_received_heartbeats');
  });

  it('a stopped replica: both threads off, lag null, nothing pending counts as applied', () => {
    const status = parseReplicaStatusRow(caps, firstRow('mariadb-10.11', 'replica-status-stopped'));
    expect(status).toMatchObject({ ioState: 'no', sqlRunning: false, lagSeconds: null, relayLogApplied: true });
  });

  it('relay log applied by position when the SQL state text is empty', () => {
    const row = { ...firstRow('mariadb-10.11', 'replica-status-healthy'), Slave_SQL_Running_State: '' };
    expect(parseReplicaStatusRow(caps, row).relayLogApplied).toBe(true);
    const behind = { ...row, Read_Master_Log_Pos: 5000 };
    expect(parseReplicaStatusRow(caps, behind).relayLogApplied).toBe(false);
    const otherFile = { ...row, Master_Log_File: 'mariadb-bin.000002' };
    expect(parseReplicaStatusRow(caps, otherFile).relayLogApplied).toBe(false);
  });

  it('keeps a real lag value and current_pos usage', () => {
    const row = { ...firstRow('mariadb-10.11', 'replica-status-healthy'), Seconds_Behind_Master: 42, Using_Gtid: 'Current_Pos' };
    expect(parseReplicaStatusRow(caps, row)).toMatchObject({ lagSeconds: 42, gtidUsage: 'current_pos' });
  });

  it('rejects a row from the wrong statement, naming the missing column', () => {
    const mysqlRow = firstRow('mysql-8.4', 'replica-status-healthy');
    expect(() => parseReplicaStatusRow(caps, mysqlRow)).toThrow(/no column "Slave_IO_Running"/);
  });
});

describe('MySQL specifics (from the manual)', () => {
  it('reads Source_UUID, auto-position and the retrieved set; MySQL has no heartbeat counter here', () => {
    const status = parseReplicaStatusRow(FLAVOR_CAPABILITIES['mysql-8.4'], firstRow('mysql-8.4', 'replica-status-healthy'));
    expect(status).toMatchObject({
      source: { host: '127.0.0.1', port: 13000 },
      sourceServerId: 1,
      sourceUuid: '73f86016-978b-11ee-ade5-8d2a2a562feb',
      gtidUsage: 'auto_position',
      retrievedGtid: '73f86016-978b-11ee-ade5-8d2a2a562feb:1-3',
      heartbeatsReceived: null,
      sourceLogFile: 'master-bin.000001',
      readSourceLogPos: 927,
      execSourceLogPos: 927,
    });
  });

  it('compacts a multi-line retrieved set and reads a named channel', () => {
    const row = {
      ...firstRow('mysql-8.0', 'replica-status-healthy'),
      Retrieved_Gtid_Set: '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n73f86016-978b-11ee-ade5-8d2a2a562feb:1-3',
      Channel_Name: 'east',
      Auto_Position: 0,
    };
    const status = parseReplicaStatusRow(FLAVOR_CAPABILITIES['mysql-8.0'], row);
    expect(status.retrievedGtid).toBe('3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,73f86016-978b-11ee-ade5-8d2a2a562feb:1-3');
    expect(status.channel).toBe('east');
    expect(status.gtidUsage).toBe('no');
  });
});

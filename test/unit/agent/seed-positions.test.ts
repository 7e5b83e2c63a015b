import { describe, expect, it } from 'vitest';
import { parseBinlogInfo } from '../../../src/agent/binlog-info.js';
import { DumpPositionScanner } from '../../../src/agent/dump-position-scanner.js';
import { recordAfterRestart, newSeedRecord } from '../../../src/agent/seed-record.js';

const DUMP = [
  '/*M!999999\\- enable the sandbox mode */ ',
  '-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)',
  'CHANGE MASTER TO MASTER_USE_GTID=slave_pos;',
  '-- CHANGE MASTER TO MASTER_LOG_FILE=\'mariadb-bin.000007\', MASTER_LOG_POS=3379;',
  `INSERT INTO \`big\` VALUES ${Array.from({ length: 2000 }, (_, i) => `(${i},'SET GLOBAL gtid_slave_pos=\\'9-9-9\\';')`).join(',')};`,
  '-- Preferably use GTID to start replication from GTID position:',
  '',
  "SET GLOBAL gtid_slave_pos='0-25100-16,1-7-3';",
  '-- Dump completed on 2026-12-04  3:07:03',
  '',
].join('\n');

describe('binlog info of a physical backup', () => {
  it('reads the file, position and GTID of MariaDB and of MySQL (a GTID set over several lines)', () => {
    expect(parseBinlogInfo('mariadb-bin.000001\t3379\t0-25100-16\n')).toEqual({ binlogFile: 'mariadb-bin.000001', binlogPos: 3379, gtid: '0-25100-16' });
    expect(parseBinlogInfo('mariadb-bin.000002\t4\t0-1-5,1-2-9\n')).toMatchObject({ gtid: '0-1-5,1-2-9' });
    expect(parseBinlogInfo('binlog.000003\t157\t3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n5ad9cb86-71ca-11e1-9e33-c80aa9429562:1-3\n')).toMatchObject({
      binlogFile: 'binlog.000003',
      gtid: '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,5ad9cb86-71ca-11e1-9e33-c80aa9429562:1-3',
    });
  });

  it('reads an empty GTID when the source had written none, and refuses what is no binlog info', () => {
    expect(parseBinlogInfo('mariadb-bin.000001\t329\n')).toEqual({ binlogFile: 'mariadb-bin.000001', binlogPos: 329, gtid: '' });
    expect(parseBinlogInfo('')).toBeNull();
    expect(parseBinlogInfo('mariadb-bin.000001\tx\t0-1-2')).toBeNull();
    expect(parseBinlogInfo("mariadb-bin.000001\t4\t0-1-2'; DROP TABLE t")).toBeNull();
  });
});

describe('the GTID position of a dump as it streams', () => {
  it('finds the GTID and binlog position whatever the chunking, ignoring look-alikes inside long lines', () => {
    for (const size of [1, 7, 64, 4096, DUMP.length]) {
      const scanner = new DumpPositionScanner();
      for (let i = 0; i < DUMP.length; i += size) scanner.feed(Buffer.from(DUMP.slice(i, i + size), 'latin1'));
      scanner.end();
      expect(scanner.position(), `chunks of ${size}`).toEqual({ gtid: '0-25100-16,1-7-3', binlogFile: 'mariadb-bin.000007', binlogPos: 3379 });
    }
  });

  it('has no position before the GTID line, and takes a last line without a line break', () => {
    const scanner = new DumpPositionScanner();
    scanner.feed('-- CHANGE MASTER TO MASTER_LOG_FILE=\'b.000001\', MASTER_LOG_POS=4;\n');
    expect(scanner.position()).toBeNull();
    scanner.feed("SET GLOBAL gtid_slave_pos='';");
    scanner.end();
    expect(scanner.position()).toEqual({ gtid: '', binlogFile: 'b.000001', binlogPos: 4 });
  });
});

describe('seed state after a restart', () => {
  it('turns a stage that was running into an error and forgets the children; finished stages stay', () => {
    const peer = { host: 'h', port: 1, agentUrl: 'http://h:2' };
    const record = {
      ...newSeedRecord({ seedId: 's1', stage: 'Prepare', method: 'mariabackup', side: 'target', source: peer, target: peer }, 1),
      copy: 'partial' as const,
      stages: {
        Prepare: { seedId: 's1', stage: 'Prepare' as const, state: 'completed' as const, bytes: 0, updatedAt: 2 },
        Restore: { seedId: 's1', stage: 'Restore' as const, state: 'running' as const, bytes: 10, updatedAt: 3 },
      },
      children: [{ pid: 123, program: '/usr/bin/mariabackup' }],
    };
    const after = recordAfterRestart(record, 9);
    expect(after.stages.Prepare).toEqual(record.stages.Prepare);
    expect(after.stages.Restore).toEqual({ seedId: 's1', stage: 'Restore', state: 'error', bytes: 10, updatedAt: 9, error: 'the agent restarted while Restore ran' });
    expect(after.children).toEqual([]);
    expect(after.copy).toBe('partial');
  });
});

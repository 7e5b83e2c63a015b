import { describe, expect, it } from 'vitest';
import { FLAVOR_CAPABILITIES } from '../../../core/model/flavor-capabilities.js';
import { clientHost, parseReplicaHints } from '../../../core/probe/parse-replica-hints.js';
import { parseReplicaHostRows } from '../../../core/probe/parse-server-rows.js';
import { loadFixture } from './server-output-fixtures.js';

const mariadb = FLAVOR_CAPABILITIES.mariadb;

describe('clientHost', () => {
  it.each([
    ['127.0.0.1:43936', '127.0.0.1'],
    ['db-7.example.com:51234', 'db-7.example.com'],
    ['[::1]:51234', '::1'],
    ['::ffff:10.0.0.7:51234', '::ffff:10.0.0.7'],
    ['localhost', 'localhost'],
    [' 10.0.0.7:1 ', '10.0.0.7'],
  ])('%s -> %s', (text, host) => {
    expect(clientHost(text)).toBe(host);
  });

  it('a server thread without a client host gives nothing', () => {
    expect(clientHost('')).toBeNull();
    expect(clientHost('  ')).toBeNull();
  });
});

describe('parseReplicaHints', () => {
  it('MariaDB 10.11 without report_host (captured): SHOW SLAVE HOSTS still names the replica by its address', () => {
    const hosts = loadFixture('mariadb-10.11', 'replica-hosts-no-report-host');
    const threads = loadFixture('mariadb-10.11', 'binlog-dump-threads-no-report-host');
    expect(threads.statement).toBe(mariadb.binlogDumpThreads.statement);
    expect(parseReplicaHostRows(mariadb, hosts.rows)).toEqual([{ host: '127.0.0.1', port: 24366 }]);
    expect(parseReplicaHints(mariadb, hosts.rows, threads.rows)).toEqual({ dumpHosts: ['127.0.0.1'], unnamedPorts: [] });
  });

  it('keeps the port of a row that names no host (MariaDB before 10.5.1, MySQL with an empty report_host)', () => {
    const rows = [
      { Server_id: 11, Host: '', Port: 3307, Master_id: 1 },
      { Server_id: 12, Host: '', Port: 3307, Master_id: 1 },
      { Server_id: 13, Host: '', Port: 0, Master_id: 1 },
      { Server_id: 14, Host: 'db-4', Port: 3306, Master_id: 1 },
    ];
    const hints = parseReplicaHints(mariadb, rows, []);
    expect(hints.unnamedPorts).toEqual([3307]);
    expect(parseReplicaHostRows(mariadb, rows)).toEqual([{ host: 'db-4', port: 3306 }]);
  });

  it('one dump host per thread, so two replicas on one machine count twice (MySQL manual example)', () => {
    const caps = FLAVOR_CAPABILITIES['mysql-8.0'];
    const threads = loadFixture('mysql-8.0', 'binlog-dump-threads-primary');
    const twice = [...threads.rows, { HOST: '192.168.0.12:40999' }];
    expect(parseReplicaHints(caps, [], twice).dumpHosts).toEqual(['192.168.0.12', '192.168.0.12', 'localhost']);
  });

  it('names the missing column of a wrong row', () => {
    expect(() => parseReplicaHints(mariadb, [], [{ Host: '127.0.0.1:1' }])).toThrow(/no column "HOST"/);
  });
});

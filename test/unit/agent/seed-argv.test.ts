import { describe, expect, it } from 'vitest';
import { availableMethods, serverFlavor } from '../../../src/agent/available-methods.js';
import { parseCnfText, serverOption, type CnfOption } from '../../../src/agent/cnf-options.js';
import { DUMP_LOAD_PROLOGUE, mariabackupBackupArgv, mariabackupPrepareArgv, mariadbDumpArgv, mariadbLoadArgv, mbstreamExtractArgv } from '../../../src/agent/mariadb-argv.js';
import { cloneStatements, mysqldumpArgv, mysqlDumpTargetResetStatements, sqlString, xbstreamExtractArgv, xtrabackupBackupArgv, xtrabackupPrepareArgv } from '../../../src/agent/mysql-method-argv.js';
import { renderClientOptionFile } from '../../../src/agent/option-file.js';

const run = { program: '/usr/bin/prog', optionFile: '/w/client.cnf' };

describe('MariaDB seed commands', () => {
  it('passes the option file first, and never a password', () => {
    const all = [
      mariabackupBackupArgv(run, '/s.sock', '/w/tmp'),
      mariabackupPrepareArgv(run, '/d'),
      mariadbDumpArgv(run, 'db1.example', 3307),
      mariadbLoadArgv(run, '/s.sock'),
    ];
    for (const argv of all) {
      expect(argv[1]).toBe('--defaults-file=/w/client.cnf');
      expect(argv.join(' ')).not.toMatch(/password|--user/);
    }
    expect(mariabackupBackupArgv(run, '/s.sock', '/w/tmp')).toEqual(['/usr/bin/prog', '--defaults-file=/w/client.cnf', '--socket=/s.sock', '--backup', '--stream=xbstream', '--log-copy-interval=100', '--target-dir=/w/tmp']);
    expect(mariabackupPrepareArgv(run, '/d')).toEqual(['/usr/bin/prog', '--defaults-file=/w/client.cnf', '--prepare', '--target-dir=/d']);
    expect(mbstreamExtractArgv('/usr/bin/mbstream', '/d')).toEqual(['/usr/bin/mbstream', '-x', '-C', '/d']);
  });

  it('dumps the source over TCP with its GTID position, everything in one snapshot, and loads through the socket', () => {
    expect(mariadbDumpArgv(run, 'db1.example', 3307)).toEqual([
      '/usr/bin/prog', '--defaults-file=/w/client.cnf', '--protocol=TCP', '--host=db1.example', '--port=3307',
      '--single-transaction', '--gtid', '--master-data=1', '--all-databases', '--routines', '--events', '--triggers', '--flush-privileges',
    ]);
    expect(mariadbLoadArgv(run, '/s.sock')).toEqual(['/usr/bin/prog', '--defaults-file=/w/client.cnf', '--protocol=SOCKET', '--socket=/s.sock', '--batch']);
    expect(DUMP_LOAD_PROLOGUE).toBe('SET SESSION sql_log_bin=0;\n');
  });

  it('writes the account into an option file that includes the server cnf, quoted and escaped', () => {
    const text = renderClientOptionFile('/etc/db1.cnf', 'orc_agent', 'p"a\\ss#1');
    expect(text.split('\n')).toEqual([
      '!include /etc/db1.cnf', '', '[client]', 'user="orc_agent"', 'password="p\\"a\\\\ss#1"', '', '[mariabackup]', 'user="orc_agent"', 'password="p\\"a\\\\ss#1"', '',
    ]);
    // The cnf reader reads back what was written.
    const options = parseCnfText(text).filter((l): l is { kind: 'option' } & CnfOption => l.kind === 'option');
    expect(options.find((o) => o.group === 'client' && o.key === 'password')?.value).toBe('p"a\\ss#1');
  });

  it("reads the server's socket and pid file from its cnf, the last value of its groups winning", () => {
    const lines = parseCnfText('# c\n[client]\nsocket=/client.sock\n[mysqld]\nsocket = /a.sock\npid-file="/run/x.pid" # comment\n[mariadbd]\nsocket=/b.sock # trailing\nskip-name-resolve\n!include /etc/other.cnf\n');
    const options = lines.filter((l): l is { kind: 'option' } & CnfOption => l.kind === 'option');
    expect(serverOption(options, 'socket')).toBe('/b.sock');
    expect(serverOption(options, 'pid-file')).toBe('/run/x.pid');
    expect(serverOption(options, 'skip_name_resolve')).toBe('');
    expect(serverOption(options, 'datadir')).toBeNull();
    expect(lines).toContainEqual({ kind: 'include', path: '/etc/other.cnf' });
  });

  it('offers mariabackup and dump on MariaDB when their programs are there, nothing on MySQL or an unknown server', () => {
    const all = { mariabackup: '/b', mbstream: '/m', mariadbDump: '/d', mariadb: '/c', mariadbd: '/s', installDb: null };
    expect(availableMethods(serverFlavor('10.11.19-MariaDB-0+deb12u1-log'), all)).toEqual(['mariabackup', 'dump']);
    expect(availableMethods('mariadb', { ...all, mbstream: null })).toEqual(['dump']);
    expect(availableMethods('mariadb', { ...all, mariadb: null })).toEqual(['mariabackup']);
    expect(availableMethods(serverFlavor('8.0.36'), all)).toEqual([]);
    expect(availableMethods(serverFlavor(null), all)).toEqual([]);
    expect(serverFlavor('mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu')).toBe('mariadb');
  });
});

describe('MySQL seed commands (built, never run here)', () => {
  it('clones from the donor with quoted literals, from 8.0.17 on', () => {
    expect(cloneStatements('db1.example', 3306, 'clone_user', "it's", [8, 0, 36])).toEqual([
      "SET GLOBAL clone_valid_donor_list = 'db1.example:3306'",
      "CLONE INSTANCE FROM 'clone_user'@'db1.example':3306 IDENTIFIED BY 'it\\'s'",
    ]);
    expect(cloneStatements('::1', 3306, 'u', 'p', [8, 4, 0])[0]).toBe("SET GLOBAL clone_valid_donor_list = '[::1]:3306'");
    expect(() => cloneStatements('db1', 3306, 'u', 'p', [8, 0, 16])).toThrow('clone needs MySQL 8.0.17 or later, the target runs 8.0.16');
    expect(() => cloneStatements("db1'; DROP", 3306, 'u', 'p', [8, 0, 36])).toThrow(/not a host name/);
    expect(sqlString("a\\b'c\0")).toBe("'a\\\\b\\'c\\0'");
  });

  it('streams xtrabackup like mariabackup', () => {
    expect(xtrabackupBackupArgv(run, '/s.sock', '/t')).toEqual(['/usr/bin/prog', '--defaults-file=/w/client.cnf', '--socket=/s.sock', '--backup', '--stream=xbstream', '--target-dir=/t']);
    expect(xbstreamExtractArgv('/usr/bin/xbstream', '/d')).toEqual(['/usr/bin/xbstream', '-x', '-C', '/d']);
    expect(xtrabackupPrepareArgv(run, '/d')).toEqual(['/usr/bin/prog', '--defaults-file=/w/client.cnf', '--prepare', '--target-dir=/d']);
  });

  it('dumps with --source-data from 8.0.26 (--master-data before) and resets the target with the statement of its version', () => {
    const at = (v: readonly [number, number, number]) => mysqldumpArgv(run, 'db1', 3306, v);
    expect(at([8, 0, 26])).toContain('--source-data=1');
    expect(at([8, 0, 25])).toContain('--master-data=1');
    expect(at([5, 7, 44])).toContain('--master-data=1');
    expect(at([8, 0, 36])).toEqual([
      '/usr/bin/prog', '--defaults-file=/w/client.cnf', '--protocol=TCP', '--host=db1', '--port=3306', '--single-transaction', '--source-data=1',
      '--set-gtid-purged=ON', '--all-databases', '--routines', '--events', '--triggers', '--flush-privileges',
    ]);
    expect(mysqlDumpTargetResetStatements([8, 4, 0])).toEqual(['RESET BINARY LOGS AND GTIDS']);
    expect(mysqlDumpTargetResetStatements([8, 0, 36])).toEqual(['RESET MASTER']);
  });
});

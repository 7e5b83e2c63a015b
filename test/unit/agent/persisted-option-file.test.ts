import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCnfOptions, serverOption } from '../../../src/agent/cnf-options.js';
import { editPersistedFile, PERSISTED_FILE_HEADER, persistedVariables } from '../../../src/agent/persisted-option-file.js';

describe("orc's option file, edited as text", () => {
  it('creates the file with its header and a [mysqld] group, one loose line per variable', () => {
    const text = editPersistedFile('', [
      { name: 'slave_net_timeout', value: '7' },
      { name: 'max_connections', value: '200' },
    ]);
    expect(text).toBe([...PERSISTED_FILE_HEADER, '[mysqld]', 'loose-slave_net_timeout=7', 'loose-max_connections=200', ''].join('\n'));
    expect(persistedVariables(text)).toEqual({ slave_net_timeout: '7', max_connections: '200' });
  });

  it('replaces a line in place, drops its duplicates, keeps every other line, group and comment', () => {
    const before = ['# mine', '[mysqld]', 'max_connections=50', 'loose-slave_net_timeout=4', '# note', 'slave-net-timeout=5', '', '[client]', 'slave_net_timeout=9', ''].join('\n');
    const after = editPersistedFile(before, [{ name: 'slave_net_timeout', value: '7' }]);
    expect(after).toBe(['# mine', '[mysqld]', 'max_connections=50', 'loose-slave_net_timeout=7', '# note', '', '[client]', 'slave_net_timeout=9', ''].join('\n'));
    expect(persistedVariables(after)).toEqual({ max_connections: '50', slave_net_timeout: '7' });
  });

  it('appends a new variable at the end of the [mysqld] group, before the next group', () => {
    const before = ['[mysqld]', 'a=1', '', '[client]', 'user=x', ''].join('\n');
    expect(editPersistedFile(before, [{ name: 'b', value: '2' }])).toBe(['[mysqld]', 'a=1', 'loose-b=2', '', '[client]', 'user=x', ''].join('\n'));
  });

  it('adds the group to a file that has none, after its lines', () => {
    expect(editPersistedFile('# hand-made\n', [{ name: 'b', value: '2' }])).toBe(['# hand-made', '', '[mysqld]', 'loose-b=2', ''].join('\n'));
  });

  it('removes a line (value null); removing one that is not there changes nothing', () => {
    const before = editPersistedFile('', [{ name: 'a', value: '1' }, { name: 'b', value: '2' }]);
    const after = editPersistedFile(before, [{ name: 'a', value: null }]);
    expect(persistedVariables(after)).toEqual({ b: '2' });
    expect(editPersistedFile(after, [{ name: 'zz', value: null }])).toBe(after);
    expect(editPersistedFile('', [{ name: 'a', value: null }])).toBe('');
  });

  it('restoring the values read before a change gives back the same variables', () => {
    const start = ['[mysqld]', 'loose-a=1', ''].join('\n');
    const changed = editPersistedFile(start, [{ name: 'a', value: '5' }, { name: 'b', value: '6' }]);
    const before = persistedVariables(start);
    const restored = editPersistedFile(changed, [{ name: 'a', value: before.a ?? null }, { name: 'b', value: before.b ?? null }]);
    expect(restored).toBe(start);
  });

  it('is read by the agent like the server reads it: included last, skipped while it does not exist, its loose- lines kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-persisted-'));
    const cnf = join(dir, 'my.cnf');
    const file = join(dir, 'orc-rollouts.cnf');
    writeFileSync(cnf, `[mariadbd]\npid-file=/run/a.pid\nslave_net_timeout=4\n!include ${file}\n`);
    expect(serverOption(loadCnfOptions(cnf), 'pid-file')).toBe('/run/a.pid');
    writeFileSync(file, editPersistedFile('', [{ name: 'slave_net_timeout', value: '7' }]));
    expect(serverOption(loadCnfOptions(cnf), 'loose_slave_net_timeout')).toBe('7');
    expect(() => loadCnfOptions(join(dir, 'missing.cnf'))).toThrow();
  });
});

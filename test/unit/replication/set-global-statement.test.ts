import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.js';
import { setGlobalStatement } from '../../../core/replication/mysql-server-variables.js';

describe('SET GLOBAL statements of fleet rollouts', () => {
  it('quotes the name, writes numbers as numbers and escapes every other value', () => {
    expect(setGlobalStatement('slave_net_timeout', '30')).toBe('SET GLOBAL `slave_net_timeout` = 30');
    expect(setGlobalStatement('slave_max_statement_time', '0.000001')).toBe('SET GLOBAL `slave_max_statement_time` = 0.000001');
    expect(setGlobalStatement('read_only', 'ON')).toBe("SET GLOBAL `read_only` = 'ON'");
    expect(setGlobalStatement('replicate_wild_ignore_table', '')).toBe("SET GLOBAL `replicate_wild_ignore_table` = ''");
    expect(setGlobalStatement('init_slave', "x'; DROP TABLE t; --")).toBe("SET GLOBAL `init_slave` = 'x\\'; DROP TABLE t; --'");
    expect(setGlobalStatement('max_connections', null)).toBe('SET GLOBAL `max_connections` = DEFAULT');
  });

  it('refuses a name that is no identifier', () => {
    for (const name of ['a`b', 'a b', '', 'x;DROP']) expect(() => setGlobalStatement(name, '1'), name).toThrow(InputError);
  });
});

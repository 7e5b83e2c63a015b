import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../core/errors.js';
import { checkFleetVariables, parseFleetVariable, variableLiteral } from '../../../../core/rollouts/fleet/fleet-variable.js';

describe('fleet variables', () => {
  it('parses NAME=VALUE, lower-casing the name and keeping the value', () => {
    expect(parseFleetVariable('Slave_Net_Timeout=120')).toEqual({ name: 'slave_net_timeout', value: '120' });
    expect(parseFleetVariable('replicate_wild_ignore_table=db%.t_*')).toEqual({ name: 'replicate_wild_ignore_table', value: 'db%.t_*' });
    expect(parseFleetVariable('slave_max_statement_time=0.000001')).toEqual({ name: 'slave_max_statement_time', value: '0.000001' });
  });

  it.each([
    ['no equals sign', 'max_connections'],
    ['an empty name', '=5'],
    ['a name that is no identifier', 'max connections=5'],
    ['a name with a quote', "a`b=1"],
    ['an empty value', 'max_connections='],
    ['a value with a quote', "sql_mode='x'"],
    ['a value with a statement after it', 'max_connections=5;DROP TABLE t'],
    ['a value with a space', 'init_slave=SELECT 1'],
    ['a value with a comment', 'max_connections=5--x'.replace('--x', ' -- x')],
  ])('refuses %s with an InputError naming the change', (_what, text) => {
    expect(() => parseFleetVariable(text)).toThrow(InputError);
    try {
      parseFleetVariable(text);
    } catch (err) {
      expect((err as InputError).details).toMatchObject({ field: 'change' });
    }
  });

  it('refuses no variable, a name twice and too many', () => {
    expect(() => checkFleetVariables([])).toThrow(/1 to 32 variables/);
    expect(() => checkFleetVariables([parseFleetVariable('a=1'), parseFleetVariable('A=2')])).toThrow(/variable a is changed twice/);
    expect(() => checkFleetVariables(Array.from({ length: 33 }, (_, i) => ({ name: `v${i}`, value: '1' })))).toThrow(/1 to 32/);
  });

  it('writes numbers as numbers, words as strings and NULL as DEFAULT', () => {
    expect(variableLiteral('120')).toEqual({ kind: 'number', text: '120' });
    expect(variableLiteral('-1')).toEqual({ kind: 'number', text: '-1' });
    expect(variableLiteral('0.000000')).toEqual({ kind: 'number', text: '0.000000' });
    expect(variableLiteral('ON')).toEqual({ kind: 'string', text: 'ON' });
    expect(variableLiteral('1e5')).toEqual({ kind: 'string', text: '1e5' });
    expect(variableLiteral(null)).toEqual({ kind: 'default' });
  });
});

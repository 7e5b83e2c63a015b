import { describe, expect, it } from 'vitest';
import {
  compareGtid,
  compareGtidUpToDateness,
  gtidAheadOf,
  gtidContains,
  gtidUpToDateness,
} from '../../../core/model/gtid/gtid-comparison.js';

const A = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
const B = '73f86016-978b-11ee-ade5-8d2a2a562feb';

describe('compareGtid (MySQL)', () => {
  it.each([
    [`${A}:1-10`, `${A}:1-10`, 'equal'],
    [`${A}:1-10,\n${B}:1-2`, `${B}:1-2,${A}:1-5:6-10`, 'equal'],
    [`${A}:1-10`, `${A}:1-8`, 'ahead'],
    [`${A}:1-8`, `${A}:1-10`, 'behind'],
    [`${A}:1-10,${B}:1`, `${A}:1-11`, 'diverged'],
    ['', `${A}:1`, 'behind'],
    ['', '', 'equal'],
  ])('%j vs %j -> %s', (a, b, expected) => {
    expect(compareGtid('mysql', a, b)).toBe(expected);
  });
});

describe('compareGtid (MariaDB)', () => {
  it.each([
    ['0-1-10', '0-1-10', 'equal'],
    ['0-1-10,1-2-5', '1-2-5,0-1-10', 'equal'],
    ['0-1-11', '0-1-10', 'ahead'],
    ['0-2-11', '0-1-10', 'ahead'],
    ['0-1-10,1-1-1', '0-1-10', 'ahead'],
    ['0-1-9', '0-1-10', 'behind'],
    ['', '0-1-1', 'behind'],
    ['0-1-10', '0-2-10', 'diverged'],
    ['0-1-12,1-1-3', '0-1-11,1-2-3', 'diverged'],
    ['0-1-12,1-1-3', '0-1-11,1-1-4', 'incomparable'],
    ['0-1-12', '1-1-1', 'incomparable'],
  ])('%j vs %j -> %s', (a, b, expected) => {
    expect(compareGtid('mariadb', a, b)).toBe(expected);
  });

  it('propagates parse errors as orc_bad_input', () => {
    expect(() => compareGtid('mariadb', '0-1-x', '0-1-1')).toThrow(expect.objectContaining({ code: 'orc_bad_input' }));
    expect(() => compareGtid('mysql', `${A}:1`, 'nope:1')).toThrow(expect.objectContaining({ code: 'orc_bad_input' }));
  });
});

describe('gtidContains / gtidAheadOf', () => {
  it('contains is true for equal and ahead only', () => {
    expect(gtidContains('mysql', `${A}:1-10`, `${A}:1-10`)).toBe(true);
    expect(gtidContains('mysql', `${A}:1-10`, `${A}:3-4`)).toBe(true);
    expect(gtidContains('mysql', `${A}:1-10`, `${A}:3-11`)).toBe(false);
    expect(gtidContains('mariadb', '0-1-10,1-1-2', '0-1-9')).toBe(true);
    expect(gtidContains('mariadb', '0-1-10', '0-2-10')).toBe(false);
    expect(gtidContains('mariadb', '0-1-10', '0-1-10,1-1-1')).toBe(false);
  });

  it('ahead is strict', () => {
    expect(gtidAheadOf('mariadb', '0-1-11', '0-1-10')).toBe(true);
    expect(gtidAheadOf('mariadb', '0-1-10', '0-1-10')).toBe(false);
    expect(gtidAheadOf('mysql', `${A}:1-11`, `${A}:1-10`)).toBe(true);
    expect(gtidAheadOf('mysql', `${A}:1-10,${B}:1`, `${A}:1-11`)).toBe(false);
  });
});

describe('up-to-dateness ordering', () => {
  it('scores MySQL by transaction count and MariaDB by seq_no sum', () => {
    expect(gtidUpToDateness('mysql', `${A}:1-5:7,${B}:1-3`)).toBe(9n);
    expect(gtidUpToDateness('mariadb', '0-1-10,1-2-5')).toBe(15n);
    expect(gtidUpToDateness('mariadb', '')).toBe(0n);
  });

  it('sorts failover candidates most up-to-date first', () => {
    const candidates = ['0-1-8', '0-1-12', '0-1-10', '0-2-12,1-1-1'];
    const sorted = [...candidates].sort((x, y) => compareGtidUpToDateness('mariadb', x, y));
    expect(sorted).toEqual(['0-2-12,1-1-1', '0-1-12', '0-1-10', '0-1-8']);
  });

  it('extends the ahead order: whenever a is ahead of b, a sorts first', () => {
    const states = [`${A}:1-5`, `${A}:1-7`, `${A}:1-7,${B}:1`, `${A}:1-3`, `${B}:1-2`, ''];
    for (const a of states) {
      for (const b of states) {
        if (gtidAheadOf('mysql', a, b)) expect(compareGtidUpToDateness('mysql', a, b)).toBeLessThan(0);
      }
    }
  });
});

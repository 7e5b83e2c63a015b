import { describe, expect, it } from 'vitest';
import { OrcError } from '../../../core/errors.js';
import {
  countMysqlGtidSet,
  formatMysqlGtidSet,
  mysqlGtidSetContains,
  normalizeMysqlGtidSet,
  parseMysqlGtidSet,
  subtractMysqlGtidSets,
  unionMysqlGtidSets,
} from '../../../core/model/gtid/mysql-gtid-set.js';

const A = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
const B = '73f86016-978b-11ee-ade5-8d2a2a562feb';
const C = 'a112acd9-25e7-11ed-9d0f-d00d1c6358e2';

function errorOf(fn: () => unknown): OrcError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OrcError) return err;
    throw err;
  }
  throw new Error('expected an OrcError');
}

const norm = normalizeMysqlGtidSet;
const set = parseMysqlGtidSet;

describe('parseMysqlGtidSet / formatMysqlGtidSet', () => {
  it('parses the multi-line form servers print, upper-case uuids included', () => {
    const text = `${B.toUpperCase()}:1-3,\n${A.toUpperCase()}:1-5:7-9`;
    expect(norm(text)).toBe(`${A}:1-5:7-9,${B}:1-3`);
  });

  it('merges overlapping and adjacent intervals and repeated uuids', () => {
    expect(norm(`${A}:7-9:1-3:4-5:3-4,${A}:11`)).toBe(`${A}:1-5:7-9:11`);
  });

  it('treats an empty or blank string as the empty set', () => {
    expect(set('').size).toBe(0);
    expect(norm(' \n')).toBe('');
  });

  it('supports tagged GTIDs (MySQL 8.3+): untagged first, tags sorted and lower-cased', () => {
    expect(norm(`${A}:Zeta:5:1-2:alpha:1-3`)).toBe(`${A}:alpha:1-3:zeta:1-2:5`);
    expect(norm(`${A}:1-5:alpha:1-3`)).toBe(`${A}:1-5:alpha:1-3`);
    expect(countMysqlGtidSet(set(`${A}:1-5:alpha:1-3`))).toBe(8n);
  });

  it('round-trips canonical text', () => {
    const text = `${A}:1-5:7,${B}:1-3:alpha:4-9`;
    expect(formatMysqlGtidSet(set(text))).toBe(text);
  });

  it.each([
    [`${A}`, A, 'UUID:INTERVAL'],
    ['not-a-uuid:1-5', 'not-a-uuid', 'UUID'],
    [`${A}:0-5`, '0-5', 'interval'],
    [`${A}:5-3`, '5-3', 'interval'],
    [`${A}:1-x`, '1-x', 'interval or a tag'],
    [`${A}:1-5,,${B}:1`, '', 'UUID'],
    [`${A}:alpha`, 'alpha', 'tag must be followed'],
    [`${A}:alpha:beta:1`, 'alpha', 'tag must be followed'],
    [`${A}:1-9223372036854775808`, '1-9223372036854775808', 'interval'],
    [`${A}:1 - 5`, '1 - 5', 'interval or a tag'],
  ])('rejects %j naming token %j', (text, token, why) => {
    const err = errorOf(() => set(text));
    expect(err.code).toBe('orc_bad_input');
    expect(err.details['token']).toBe(token);
    expect(err.message).toContain(`bad token "${token}"`);
    expect(err.message).toContain(why);
  });
});

describe('set algebra', () => {
  it('unions sets across uuids and intervals', () => {
    expect(formatMysqlGtidSet(unionMysqlGtidSets(set(`${A}:1-3`), set(`${A}:4-6:9,${B}:1`)))).toBe(`${A}:1-6:9,${B}:1`);
  });

  it('subtracts like GTID_SUBTRACT, splitting intervals', () => {
    expect(formatMysqlGtidSet(subtractMysqlGtidSets(set(`${A}:1-10,${B}:1-3`), set(`${A}:3-4:8,${B}:1-3`)))).toBe(`${A}:1-2:5-7:9-10`);
    expect(formatMysqlGtidSet(subtractMysqlGtidSets(set(`${A}:1-10`), set(`${A}:1-20`)))).toBe('');
    expect(formatMysqlGtidSet(subtractMysqlGtidSets(set(`${A}:5-10`), set(`${A}:1-2:4-6:9:12-20`)))).toBe(`${A}:7-8:10`);
    expect(formatMysqlGtidSet(subtractMysqlGtidSets(set(`${A}:1-3:5-7`), set(`${C}:1-100`)))).toBe(`${A}:1-3:5-7`);
  });

  it('answers containment like GTID_SUBSET', () => {
    expect(mysqlGtidSetContains(set(`${A}:1-10,${B}:1-3`), set(`${A}:2-5`))).toBe(true);
    expect(mysqlGtidSetContains(set(`${A}:1-10`), set(`${A}:2-5,${B}:1`))).toBe(false);
    expect(mysqlGtidSetContains(set(`${A}:1-4:6-10`), set(`${A}:3-7`))).toBe(false);
    expect(mysqlGtidSetContains(set(''), set(''))).toBe(true);
    expect(mysqlGtidSetContains(set(`${A}:1-5`), set(`${A}:alpha:1`))).toBe(false);
  });

  it('counts transactions exactly, beyond 2^53', () => {
    expect(countMysqlGtidSet(set(`${A}:1-5:7-9,${B}:1-3`))).toBe(11n);
    expect(countMysqlGtidSet(set(`${A}:1-9223372036854775807`))).toBe(9223372036854775807n);
    expect(countMysqlGtidSet(set(''))).toBe(0n);
  });
});

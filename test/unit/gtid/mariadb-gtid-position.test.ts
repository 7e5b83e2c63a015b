import { describe, expect, it } from 'vitest';
import { OrcError } from '../../../core/errors.js';
import {
  compareMariadbDomains,
  formatMariadbPosition,
  parseMariadbGtidList,
  parseMariadbPosition,
} from '../../../core/model/gtid/mariadb-gtid-position.js';

function inputErrorOf(fn: () => unknown): OrcError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OrcError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('parseMariadbPosition', () => {
  it('parses one GTID per domain and sorts by domain', () => {
    const pos = parseMariadbPosition('1-2-30,0-1-15');
    expect(pos).toEqual([
      { domainId: 0, serverId: 1, seqNo: 15n },
      { domainId: 1, serverId: 2, seqNo: 30n },
    ]);
  });

  it('treats empty and blank text as the empty position', () => {
    expect(parseMariadbPosition('')).toEqual([]);
    expect(parseMariadbPosition('  \n')).toEqual([]);
  });

  it('ignores whitespace and newlines the server or a user may add', () => {
    expect(formatMariadbPosition(parseMariadbPosition(' 0-1-5,\n 1-3-7 '))).toBe('0-1-5,1-3-7');
  });

  it('keeps 64-bit sequence numbers exact', () => {
    const [gtid] = parseMariadbPosition('0-1-18446744073709551615');
    expect(gtid?.seqNo).toBe(18446744073709551615n);
  });

  it.each([
    ['0-1', '0-1'],
    ['0-1-x', '0-1-x'],
    ['0-1-5,,1-1-2', ''],
    ['0-1-5,abc', 'abc'],
    ['-1-1-5', '-1-1-5'],
    ['0-4294967296-1', '0-4294967296-1'],
    ['0-1-18446744073709551616', '0-1-18446744073709551616'],
    ['0 1 5', '0 1 5'],
  ])('rejects %j naming the bad token %j', (text, token) => {
    const err = inputErrorOf(() => parseMariadbPosition(text));
    expect(err.code).toBe('orc_bad_input');
    expect(err.details['token']).toBe(token);
    expect(err.message).toContain(`"${token}"`);
  });

  it('rejects a domain that appears twice in a position', () => {
    const err = inputErrorOf(() => parseMariadbPosition('0-1-5,0-2-6'));
    expect(err.code).toBe('orc_bad_input');
    expect(err.details['token']).toBe('0-2-6');
  });

  it('allows several GTIDs per domain in a gtid_binlog_state style list', () => {
    expect(parseMariadbGtidList('0-1-5,0-2-6')).toHaveLength(2);
  });
});

describe('formatMariadbPosition', () => {
  it('round-trips server output', () => {
    for (const text of ['0-1-1', '0-1-15,1-2-30,7-9-1', '']) {
      expect(formatMariadbPosition(parseMariadbPosition(text))).toBe(text);
    }
  });
});

describe('compareMariadbDomains', () => {
  it('relates each domain: ahead, behind, equal, conflict, missing counts as zero', () => {
    const rel = compareMariadbDomains(parseMariadbPosition('0-1-10,1-1-5,2-1-3,3-4-9'), parseMariadbPosition('0-1-8,1-1-5,2-2-3,4-1-1'));
    expect(rel.map((d) => [d.domainId, d.relation])).toEqual([
      [0, 'ahead'],
      [1, 'equal'],
      [2, 'conflict'],
      [3, 'ahead'],
      [4, 'behind'],
    ]);
    expect(rel[4]?.a).toBeNull();
    expect(rel[4]?.b).toEqual({ domainId: 4, serverId: 1, seqNo: 1n });
  });
});

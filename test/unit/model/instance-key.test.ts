import { describe, expect, it } from 'vitest';
import { compareInstanceKeys, formatInstanceKey, parseInstanceKey, sameInstance } from '../../../core/model/instance-key.js';

describe('parseInstanceKey', () => {
  it('parses host:port and IPv6', () => {
    expect(parseInstanceKey('127.0.0.1:3306')).toEqual({ host: '127.0.0.1', port: 3306 });
    expect(parseInstanceKey(' db-1.example.com:3307 ')).toEqual({ host: 'db-1.example.com', port: 3307 });
    expect(parseInstanceKey('[::1]:3306')).toEqual({ host: '::1', port: 3306 });
    expect(formatInstanceKey(parseInstanceKey('[::1]:3306'))).toBe('[::1]:3306');
  });

  it.each([
    ['127.0.0.1', 'expected HOST:PORT'],
    ['127.0.0.1:', 'expected HOST:PORT'],
    [':3306', 'expected HOST:PORT'],
    ['host:0', 'port "0"'],
    ['host:70000', 'port "70000"'],
    ['host:33a6', 'port "33a6"'],
    ['bad host:3306', 'host "bad host"'],
    ['a;rm -rf:3306', 'host "a;rm -rf"'],
  ])('rejects %s naming what is wrong', (input, part) => {
    expect(() => parseInstanceKey(input)).toThrow(part);
    try {
      parseInstanceKey(input);
    } catch (err) {
      expect((err as { code: string }).code).toBe('orc_bad_input');
    }
  });

  it('compares and orders keys', () => {
    expect(sameInstance({ host: 'DB1', port: 1 }, { host: 'db1', port: 1 })).toBe(true);
    expect(sameInstance({ host: 'db1', port: 1 }, { host: 'db1', port: 2 })).toBe(false);
    const sorted = [parseInstanceKey('b:1'), parseInstanceKey('a:2'), parseInstanceKey('a:1')].sort(compareInstanceKeys);
    expect(sorted.map(formatInstanceKey)).toEqual(['a:1', 'a:2', 'b:1']);
  });
});

describe('host case', () => {
  it('lower-cases host names so one server has one key', () => {
    expect(parseInstanceKey('DB1.Example.COM:3306')).toEqual({ host: 'db1.example.com', port: 3306 });
  });
});

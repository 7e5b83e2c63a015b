import { describe, expect, it } from 'vitest';
import { errantGtid } from '../../../core/model/gtid/errant-gtid.js';

const P = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
const R = '73f86016-978b-11ee-ade5-8d2a2a562feb';

describe('errantGtid (MySQL)', () => {
  it('is the replica executed set minus the primary executed set', () => {
    expect(errantGtid('mysql', `${P}:1-100,\n${R}:1-2`, `${P}:1-120`, R)).toBe(`${R}:1-2`);
  });

  it('is empty when the replica only lags', () => {
    expect(errantGtid('mysql', `${P}:1-90`, `${P}:1-120`, R)).toBe('');
  });

  it('reports transactions of any source the primary lacks, not only the replica own uuid', () => {
    expect(errantGtid('mysql', `${P}:1-10:12`, `${P}:1-10`, R)).toBe(`${P}:12`);
  });
});

describe('errantGtid (MariaDB)', () => {
  it('reports a domain whose last GTID is a local write the primary does not have', () => {
    expect(errantGtid('mariadb', '0-2-11', '0-1-10', 2)).toBe('0-2-11');
  });

  it('reports a local write in a domain the primary has never seen', () => {
    expect(errantGtid('mariadb', '0-1-10,5-2-1', '0-1-10', '2')).toBe('5-2-1');
  });

  it('reports a local write that took a seq_no the primary used for another transaction', () => {
    expect(errantGtid('mariadb', '0-2-10', '0-1-10', 2)).toBe('0-2-10');
  });

  it('ignores replicated GTIDs of other servers, even when the replica is ahead (primary lags its view)', () => {
    expect(errantGtid('mariadb', '0-1-12', '0-1-10', 2)).toBe('');
    expect(errantGtid('mariadb', '0-3-12', '0-1-10', 2)).toBe('');
  });

  it('does not flag own GTIDs the primary already holds (a former primary that rejoined)', () => {
    expect(errantGtid('mariadb', '0-2-50', '0-2-50', 2)).toBe('');
    expect(errantGtid('mariadb', '0-2-50', '0-1-60', 2)).toBe('');
  });

  it('lists several errant domains in domain order', () => {
    expect(errantGtid('mariadb', '3-2-4,0-2-11,1-1-7', '0-1-10,1-1-7', 2)).toBe('0-2-11,3-2-4');
  });

  it('needs a numeric server id', () => {
    expect(() => errantGtid('mariadb', '0-2-11', '0-1-10', null)).toThrow(expect.objectContaining({ code: 'orc_bad_input' }));
    expect(() => errantGtid('mariadb', '0-2-11', '0-1-10', 'abc')).toThrow(expect.objectContaining({ code: 'orc_bad_input' }));
  });

  it('rejects malformed positions naming the token', () => {
    expect(() => errantGtid('mariadb', '0-2-11,zz', '0-1-10', 2)).toThrow(/bad token "zz"/);
  });

  describe('with binlog states (a local write the primary has overtaken)', () => {
    const states = (primaryBinlogState: string, replicaBinlogState = '0-1-1000,0-2-1001', replicaSlavePos = '0-1-1000') => ({
      replicaBinlogState,
      replicaSlavePos,
      primaryBinlogState,
    });

    it('still reports the local write once the primary is past its seq_no (SQL thread stopped by 1950)', () => {
      expect(errantGtid('mariadb', '0-2-1001', '0-1-1005', 2)).toBe('');
      expect(errantGtid('mariadb', '0-2-1001', '0-1-1005', 2, states('0-1-1005'))).toBe('0-2-1001');
    });

    it('does not report a local write the primary replicated (its binlog state holds it)', () => {
      expect(errantGtid('mariadb', '0-1-1005', '0-1-1005', 2, states('0-2-1001,0-1-1005', '0-2-1001,0-1-1005', '0-1-1005'))).toBe('');
      expect(errantGtid('mariadb', '0-1-1005', '0-1-1005', 2, states('0-2-1003,0-1-1005', '0-2-1001,0-1-1005', ''))).toBe('');
    });

    it('does not report a local write the replica has applied past from its source', () => {
      expect(errantGtid('mariadb', '0-1-1005', '0-1-1005', 2, states('0-1-1005', '0-2-1001,0-1-1005', '0-1-1005'))).toBe('');
    });

    it('learns nothing from a primary without a binlog state', () => {
      expect(errantGtid('mariadb', '0-2-1001', '0-1-1005', 2, states(''))).toBe('');
    });

    it('reports the own write once when position and state both show it', () => {
      expect(errantGtid('mariadb', '0-2-1001', '0-1-1000', 2, states('0-1-1000'))).toBe('0-2-1001');
    });
  });
});

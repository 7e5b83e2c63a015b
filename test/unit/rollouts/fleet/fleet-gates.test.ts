import { describe, expect, it } from 'vitest';
import { checkFleetGates, isTruthy, judgeGates, type GateReading } from '../../../../core/rollouts/fleet/fleet-gates.js';

const GATES = { maxLagSecs: 5, query: null };
const HEALTHY: GateReading = {
  replication: { ioRunning: true, sqlRunning: true, lagSeconds: 0, lastIoErrno: 0, lastSqlErrno: 0, lastIoError: '', lastSqlError: '' },
};

function broken(change: Partial<NonNullable<GateReading['replication']>>): GateReading {
  return { replication: { ...HEALTHY.replication!, ...change } };
}

describe('fleet gates', () => {
  it('passes a replica replicating within the lag bound', () => {
    expect(judgeGates(GATES, HEALTHY, { io: 0, sql: 0 })).toEqual({ passed: true, message: '' });
    expect(judgeGates(GATES, broken({ lagSeconds: 5 }), null).passed).toBe(true);
  });

  it('fails stopped threads, lag over the bound, and names every failure', () => {
    expect(judgeGates(GATES, broken({ sqlRunning: false, lagSeconds: null }), null)).toEqual({ passed: false, message: 'replication SQL thread not running' });
    expect(judgeGates(GATES, broken({ ioRunning: false, lagSeconds: null }), null).message).toBe('replication IO thread not running');
    expect(judgeGates(GATES, broken({ lagSeconds: 6 }), null).message).toBe('lag 6 s over 5 s');
    expect(judgeGates(GATES, broken({ lagSeconds: null }), null).message).toBe('lag unknown');
  });

  it('fails a new replication error but not one that was there before the change', () => {
    const erred = broken({ sqlRunning: false, lagSeconds: null, lastSqlErrno: 4192, lastSqlError: 'slave_max_statement_time exceeded' });
    expect(judgeGates(GATES, erred, { io: 0, sql: 0 }).message).toBe('replication SQL thread not running; new SQL error 4192: slave_max_statement_time exceeded');
    const old = broken({ lastSqlErrno: 1062, lastSqlError: 'dup' });
    expect(judgeGates(GATES, old, { io: 0, sql: 1062 }).passed).toBe(true);
    expect(judgeGates(GATES, broken({ lastIoErrno: 2003, lastIoError: 'cannot connect' }), { io: 0, sql: 0 }).message).toBe('new IO error 2003: cannot connect');
  });

  it('judges the custom query by its first column, and a query that fails as failing', () => {
    const gates = { maxLagSecs: 5, query: 'SELECT 1' };
    expect(judgeGates(gates, { ...HEALTHY, queryValue: 1 }, null).passed).toBe(true);
    expect(judgeGates(gates, { ...HEALTHY, queryValue: '0' }, null).message).toBe('gate query returned "0"');
    expect(judgeGates(gates, { ...HEALTHY, queryValue: null }, null).message).toBe('gate query returned "no row"');
    expect(judgeGates(gates, { ...HEALTHY, queryError: 'Table x does not exist' }, null).message).toBe('gate query failed: Table x does not exist');
  });

  it('skips the replication gates of a server that replicates from nobody', () => {
    expect(judgeGates(GATES, { replication: null }, null).passed).toBe(true);
  });

  it('counts null, zero, empty and "0" as false', () => {
    expect([null, 0, '', '0', 0n, false].map(isTruthy)).toEqual([false, false, false, false, false, false]);
    expect([1, '1', 'yes', 2n, true, Buffer.from('1')].map(isTruthy)).toEqual([true, true, true, true, true, true]);
  });

  it('refuses a lag bound out of range and a query that is not one SELECT', () => {
    expect(() => checkFleetGates({ maxLagSecs: -1, query: null })).toThrow(/--max-lag/);
    expect(() => checkFleetGates({ maxLagSecs: 1.5, query: null })).toThrow(/--max-lag/);
    expect(() => checkFleetGates({ maxLagSecs: 5, query: 'DELETE FROM t' })).toThrow(/--gate-query/);
    expect(() => checkFleetGates({ maxLagSecs: 5, query: 'SELECT 1\u0000' })).toThrow(/--gate-query/);
    expect(checkFleetGates({ maxLagSecs: 5, query: ' select count(*) > 0 from t' }).query).toBe(' select count(*) > 0 from t');
  });
});

import { describe, expect, it } from 'vitest';
import { UnreachableError } from '../../../core/errors.js';
import { probeFailure } from '../../../core/probe/probe-failure.js';

const key = { host: '127.0.0.1', port: 3306 };
const driverError = (message: string, code: string, errno?: number) => Object.assign(new Error(message), { code, errno });

describe('probeFailure', () => {
  it('names host:port and the connect cause without repeating the address', () => {
    const err = probeFailure(key, 'connect', driverError('connect ECONNREFUSED 127.0.0.1:3306', 'ECONNREFUSED', -111), 'secret');
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.code).toBe('orc_unreachable');
    expect(err.message).toBe('127.0.0.1:3306: connect ECONNREFUSED');
    expect(err.details).toMatchObject({ host: '127.0.0.1', port: 3306, reason: 'connect', code: 'ECONNREFUSED', errno: -111 });
  });

  it('reports a connect timeout as mysql2 words it', () => {
    expect(probeFailure(key, 'connect', driverError('connect ETIMEDOUT', 'ETIMEDOUT'), 'x').message).toBe('127.0.0.1:3306: connect ETIMEDOUT');
  });

  it('adds the server error code to SQL errors', () => {
    const err = probeFailure(key, 'query', driverError("SELECT command denied to user 'orc'@'127.0.0.1'", 'ER_TABLEACCESS_DENIED_ERROR', 1142), 'x');
    expect(err.message).toBe("127.0.0.1:3306: SELECT command denied to user 'orc'@'127.0.0.1' (ER_TABLEACCESS_DENIED_ERROR)");
    expect(err.details['errno']).toBe(1142);
  });

  it('words deadlines, query timeouts, aborts and close', () => {
    expect(probeFailure(key, 'deadline', null, 'x', 3000).message).toBe('127.0.0.1:3306: no answer within the 3000 ms probe deadline');
    expect(probeFailure(key, 'query_timeout', driverError('Query inactivity timeout', 'PROTOCOL_SEQUENCE_TIMEOUT'), 'x', 2000).message).toBe(
      '127.0.0.1:3306: query timed out after 2000 ms',
    );
    expect(probeFailure(key, 'aborted', new Error('stop'), 'x').message).toBe('127.0.0.1:3306: probe aborted');
    expect(probeFailure(key, 'closed', null, 'x').message).toBe('127.0.0.1:3306: probe closed');
  });

  it('brackets IPv6 hosts', () => {
    expect(probeFailure({ host: '::1', port: 3306 }, 'aborted', null, 'x').message).toBe('[::1]:3306: probe aborted');
  });

  it('never shows the password, even when a cause echoes it', () => {
    const err = probeFailure(key, 'connect', new Error('bad handshake for hunter22'), 'hunter22');
    expect(err.message).not.toContain('hunter22');
    expect(err.message).toContain('***');
  });
});

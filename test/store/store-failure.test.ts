import { describe, expect, it } from 'vitest';
import { InputError, OrcError, StoreError } from '../../core/errors.js';
import { redact, storeFailure } from '../../core/store/store-failure.js';

describe('storeFailure', () => {
  it('wraps a driver error in a StoreError naming the operation and the driver code, without the password', () => {
    const driver = Object.assign(new Error("Access denied for 'orc' using password 'hunter2!'"), { code: 'ER_ACCESS_DENIED_ERROR' });
    const err = storeFailure('listInstances', driver, 'hunter2!');
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toBe("store: listInstances failed: Access denied for 'orc' using password '***'");
    expect(err.details).toEqual({ operation: 'listInstances', driverCode: 'ER_ACCESS_DENIED_ERROR' });
    expect(err.cause).toBeUndefined();
  });

  it('keeps coded errors, redacting the password when one slipped into the message', () => {
    const input = new InputError('bad limit');
    expect(storeFailure('listAudit', input, 'pw')).toBe(input);
    const leaked = storeFailure('open', new StoreError('store migration 0001 failed: near "s3cret"', { migration: '0001' }), 's3cret');
    expect(leaked).toBeInstanceOf(StoreError);
    expect(leaked.message).toBe('store migration 0001 failed: near "***"');
    expect(leaked.details).toEqual({ migration: '0001' });
    const aborted = storeFailure('open', new OrcError('orc_aborted', 'aborted s3cret'), 's3cret');
    expect([aborted.code, aborted.message]).toEqual(['orc_aborted', 'aborted ***']);
  });

  it('wraps non-Error throws and leaves text alone when there is no secret', () => {
    expect(storeFailure('close', 'boom', '').message).toBe('store: close failed: boom');
    expect(redact('a password-less message', '')).toBe('a password-less message');
  });
});

import { describe, expect, it } from 'vitest';
import { errorLine, RefusedError } from '../../../core/errors.js';
import { ApiReplyError } from '../../../src/cli/api-reply-error.js';

describe('errorLine', () => {
  it('is "code: message" for orc errors, keeps a relayed API code verbatim, and codes anything else as orc_operation_failed', () => {
    expect(errorLine(new RefusedError('orc_lock_held', 'locked by cli:bob'))).toBe('orc_lock_held: locked by cli:bob');
    expect(errorLine(new ApiReplyError('orc_forbidden', 'credential "viewer" has the read role: mutations need admin'))).toBe(
      'orc_forbidden: credential "viewer" has the read role: mutations need admin',
    );
    expect(errorLine(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('orc_operation_failed: connect ECONNREFUSED');
    expect(errorLine('plain')).toBe('orc_operation_failed: plain');
  });
});

import { describe, expect, it } from 'vitest';
import { teardown } from '../../support/teardown.js';

describe('teardown', () => {
  it('runs every step after a failing one, then rethrows the first failure', async () => {
    const ran: string[] = [];
    const err = await teardown(
      () => ran.push('stop service'),
      () => {
        throw new Error('store close failed');
      },
      async () => {
        ran.push('lab down');
        throw new Error('later failure');
      },
    ).catch((e: unknown) => e);
    expect(ran).toEqual(['stop service', 'lab down']);
    expect((err as Error).message).toBe('store close failed');
  });
});

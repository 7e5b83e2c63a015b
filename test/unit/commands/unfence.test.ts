import { describe, expect, it } from 'vitest';
import { unfence } from '../../../core/commands/unfence.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { commandFixture, P, R1, rejection, T0 } from './command-fixture.js';

const fence = { instance: parseInstanceKey(P), cluster: R1, recoveryId: 'rec-1', fencedAt: T0, state: 'diverged' as const, updatedAt: T0, detail: 're-seed it' };

describe('orc unfence', () => {
  it('lifts a fence under the lock, audited with the actor and the reason', async () => {
    const f = await commandFixture();
    await f.store.recordFence(fence);
    const result = await unfence(f.ctx, P, ' re-seeded from a backup ');
    expect(result).toEqual({
      instance: P,
      cluster: R1,
      recoveryId: 'rec-1',
      state: 'diverged',
      reason: 're-seeded from a backup',
      message: `fence of ${P} lifted (set by recovery rec-1, diverged): re-seeded from a backup`,
    });
    expect(await f.store.listFenced()).toEqual([]);
    expect(await f.store.listLocks(T0)).toEqual([]);
    const [audit] = await f.store.listAudit();
    expect(audit).toMatchObject({ action: 'unfence', actor: 'cli:alice', target: P, outcome: 'ok', detail: result.message });
  });

  it('refuses a server that is not fenced, audited as refused', async () => {
    const f = await commandFixture();
    expect(await rejection(unfence(f.ctx, R1, 'why not'))).toMatchObject({ code: 'orc_refused', message: `${R1} is not fenced: there is no fence to lift` });
    expect((await f.store.listAudit()).map((a) => a.outcome)).toEqual(['refused']);
  });

  it('refuses without a reason and keeps the fence', async () => {
    const f = await commandFixture();
    await f.store.recordFence(fence);
    for (const reason of [undefined, '', '   ']) {
      expect(await rejection(unfence(f.ctx, P, reason))).toMatchObject({ code: 'orc_bad_input', message: 'lifting a fence needs a reason (--reason TEXT)' });
    }
    expect(await f.store.listFenced()).toHaveLength(1);
  });

  it('refuses while someone else holds the server lock, naming the holder', async () => {
    const f = await commandFixture();
    await f.store.recordFence(fence);
    await f.store.acquireLock({ instance: parseInstanceKey(P), owner: 'cli:bob', reason: 'x', acquiredAt: T0, expiresAt: T0 + 1000 }, T0);
    expect(await rejection(unfence(f.ctx, P, 'r'))).toMatchObject({ code: 'orc_lock_held', message: expect.stringMatching(/locked by cli:bob/) });
    expect(await f.store.listFenced()).toHaveLength(1);
  });
});

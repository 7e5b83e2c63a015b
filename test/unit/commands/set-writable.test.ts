import { describe, expect, it } from 'vitest';
import { setReadOnly } from '../../../core/commands/set-read-only.js';
import { setWritable } from '../../../core/commands/set-writable.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { commandFixture, P, R1, R2, rejection, T0 } from './command-fixture.js';

const fence = { instance: parseInstanceKey(P), cluster: R1, recoveryId: 'rec-1', fencedAt: T0, state: 'fenced' as const, updatedAt: T0, detail: 'demoted' };

describe('orc set-writable', () => {
  it('refuses a replica while its primary is writable, naming both reasons and --force, changing nothing', async () => {
    const f = await commandFixture();
    const err = await rejection(setWritable(f.ctx, R1));
    expect(err).toMatchObject({
      code: 'orc_refused',
      message: `not making ${R1} writable: ${R1} replicates from ${P}: writes on it become errant GTIDs; ${P} in the same cluster is writable already: two writable servers (--force overrides)`,
    });
    expect(f.control.calls).toEqual([]);
    expect((await f.store.listAudit()).map((a) => [a.action, a.outcome])).toEqual([['set-writable', 'refused']]);
  });

  it('refuses the primary while another member is writable', async () => {
    const f = await commandFixture({ facts: { [P]: { readOnly: true }, [R2]: { readOnly: false } } });
    expect(await rejection(setWritable(f.ctx, P))).toMatchObject({
      code: 'orc_refused',
      message: `not making ${P} writable: ${R2} in the same cluster is writable already: two writable servers (--force overrides)`,
    });
    expect(f.control.calls).toEqual([]);
  });

  it('refuses a fenced former primary, pointing at orc unfence', async () => {
    const f = await commandFixture({ facts: { [P]: { readOnly: true } } });
    await f.store.recordFence(fence);
    expect(await rejection(setWritable(f.ctx, P))).toMatchObject({
      code: 'orc_refused',
      message: expect.stringContaining(`${P} is a former primary fenced by recovery rec-1 (fenced); orc unfence ${P} --reason TEXT lifts it`),
    });
    expect(f.control.calls).toEqual([]);
  });

  it('refuses a fenced former primary even with --force: the fence watcher would set it read-only again', async () => {
    const f = await commandFixture({ facts: { [P]: { readOnly: true } } });
    await f.store.recordFence(fence);
    expect(await rejection(setWritable(f.ctx, P, { force: true }))).toMatchObject({
      code: 'orc_refused',
      message: expect.stringContaining('--force does not: orc would set it read-only again'),
    });
    expect(f.control.calls).toEqual([]);
  });

  it('makes the only candidate writer writable, and set-read-only undoes it', async () => {
    const f = await commandFixture();
    expect((await setReadOnly(f.ctx, P, true)).message).toBe(`${P} is read-only`);
    expect((await setWritable(f.ctx, P)).message).toBe(`${P} is writable`);
    expect(f.control.calls).toEqual([`setReadOnly ${P} ON`, `setReadOnly ${P} OFF`]);
  });

  it('is the refusing path of setReadOnly(false) too', async () => {
    const f = await commandFixture();
    expect(await rejection(setReadOnly(f.ctx, R1, false))).toMatchObject({ code: 'orc_refused' });
    expect(f.control.calls).toEqual([]);
  });

  it('goes ahead with --force and audits what it overrode', async () => {
    const f = await commandFixture();
    const result = await setWritable(f.ctx, R1, { force: true });
    expect(result.message).toBe(`${R1} is writable (forced over: ${R1} replicates from ${P}: writes on it become errant GTIDs; ${P} in the same cluster is writable already: two writable servers)`);
    expect(f.control.calls).toEqual([`setReadOnly ${R1} OFF`]);
    const [audit] = await f.store.listAudit();
    expect(audit).toMatchObject({ action: 'set-writable', actor: 'cli:alice', outcome: 'ok', detail: result.message });
  });
});

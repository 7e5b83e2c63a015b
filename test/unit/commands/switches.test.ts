import { describe, expect, it } from 'vitest';
import { beginDowntime } from '../../../core/commands/begin-downtime.js';
import { endDowntime } from '../../../core/commands/end-downtime.js';
import { parseDuration } from '../../../core/commands/parse-duration.js';
import { setReadOnly } from '../../../core/commands/set-read-only.js';
import { startReplica } from '../../../core/commands/start-replica.js';
import { stopReplica } from '../../../core/commands/stop-replica.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { commandFixture, P, R1, rejection, T0 } from './command-fixture.js';

describe('replication switches', () => {
  it('stops and starts replication on a replica under its lock, audited', async () => {
    const f = await commandFixture();
    expect(await stopReplica(f.ctx, R1)).toEqual({ instance: R1, message: `replication from ${P} stopped on ${R1}` });
    expect(await startReplica(f.ctx, R1)).toEqual({ instance: R1, message: `replication from ${P} started on ${R1}` });
    expect(f.control.calls).toEqual([`stopReplica ${R1}`, `startReplica ${R1}`]);
    expect((await f.store.listAudit()).map((a) => a.action).sort()).toEqual(['start-replica', 'stop-replica']);
  });

  it('refuses to stop replication on a server that replicates from nobody', async () => {
    const f = await commandFixture();
    expect(await rejection(stopReplica(f.ctx, P))).toMatchObject({ code: 'orc_refused', message: `${P} replicates from nobody: no replication to stop` });
    expect(f.control.calls).toEqual([]);
  });

  it('sets read_only and writable', async () => {
    const f = await commandFixture();
    expect((await setReadOnly(f.ctx, P, true)).message).toBe(`${P} is read-only`);
    expect((await setReadOnly(f.ctx, P, false)).message).toBe(`${P} is writable`);
    expect(f.control.calls).toEqual([`setReadOnly ${P} ON`, `setReadOnly ${P} OFF`]);
  });

  it('refuses a switch on a locked server, naming the holder', async () => {
    const f = await commandFixture();
    await f.store.acquireLock({ instance: parseInstanceKey(R1), owner: 'cli:bob', reason: 'x', acquiredAt: T0, expiresAt: T0 + 1000 }, T0);
    expect((await rejection(setReadOnly(f.ctx, R1, true))).message).toMatch(/locked by cli:bob/);
    expect(f.control.calls).toEqual([]);
  });
});

describe('downtime', () => {
  it('parses durations', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration(' 90s ')).toBe(90_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    for (const bad of ['', '30', 'm', '1x', '-5m', '0s', '30 m']) expect(() => parseDuration(bad), bad).toThrow(/duration/);
  });

  it('begins and ends a downtime of a known instance, audited', async () => {
    const f = await commandFixture();
    const d = await beginDowntime(f.ctx, R1, { forMs: 1_800_000 }, ' maintenance ');
    expect(d).toEqual({ instance: parseInstanceKey(R1), owner: 'cli:alice', reason: 'maintenance', beganAt: T0, until: T0 + 1_800_000 });
    expect(await f.store.listDowntime(T0)).toEqual([d]);
    expect(await endDowntime(f.ctx, R1)).toBe(true);
    expect(await endDowntime(f.ctx, R1)).toBe(false);
    expect((await f.store.listAudit()).map((a) => a.action).sort()).toEqual(['begin-downtime', 'end-downtime']);
  });

  it('refuses an unknown instance or an empty reason', async () => {
    const f = await commandFixture();
    expect(await rejection(beginDowntime(f.ctx, '127.0.0.1:4000', { forMs: 1000 }, 'x'))).toMatchObject({ code: 'orc_unknown_instance' });
    expect(await rejection(beginDowntime(f.ctx, R1, { forMs: 1000 }, '  '))).toMatchObject({ code: 'orc_bad_input' });
  });
});

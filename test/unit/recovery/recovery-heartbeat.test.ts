import { describe, expect, it } from 'vitest';
import { recoverInstance } from '../../../core/commands/recover-instance.js';
import type { HookProcessResult, HookRunner, HookRunRequest } from '../../../core/hooks/hook-runner.js';
import { formatInstanceKey, parseInstanceKey } from '../../../core/model/instance-key.js';
import { LOCK_TTL_MS } from '../../../core/recovery/maintenance-locks.js';
import { RECOVERY_RENEW_MS } from '../../../core/recovery/recovery-run.js';
import { makeChannel } from '../../support/facts-builder.js';
import { ManualClock } from '../../support/manual-clock.js';
import { commandFixture, P, R1, R2, rejection, T0 } from '../commands/command-fixture.js';

const lost = (source: string) => ({ replication: [makeChannel(source, { ioState: 'connecting', lagSeconds: null, lastIoErrno: 2003, lastIoError: "Can't connect" })] });

/** A hook runner whose preFailover hook runs until the test lets it end. */
class LongHookRunner implements HookRunner {
  readonly requests: HookRunRequest[] = [];
  private finish: (() => void) | null = null;
  private started: (() => void) | null = null;
  readonly running = new Promise<void>((resolve) => (this.started = resolve));

  async run(request: HookRunRequest): Promise<HookProcessResult> {
    this.requests.push(request);
    if (request.argv[1] === 'long') {
      await new Promise<void>((resolve) => {
        this.finish = resolve;
        this.started!();
      });
    }
    return { exitCode: 0, signal: null, durationMs: 1, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: null };
  }

  end(): void {
    this.finish!();
  }
}

describe('a running recovery renews its heartbeat and locks on the injected clock', () => {
  it('keeps every lock and its heartbeat through a preFailover hook running far longer than the lock TTL', async () => {
    const f = await commandFixture({ facts: { [R1]: lost(P), [R2]: lost(P) }, config: { hooks: { preFailover: [{ argv: ['/bin/true', 'long'], timeoutMs: 3_600_000 }] } } });
    f.probe.setDown(P);
    const clock = new ManualClock(T0);
    const hooks = new LongHookRunner();
    const recovery = recoverInstance({ ...f.ctx, clock, hookRunner: hooks }, P);
    await hooks.running;

    const longer = LOCK_TTL_MS + 5 * 60_000;
    await clock.advance(longer);
    const [running] = await f.store.listRecoveries();
    expect(running).toMatchObject({ status: 'running' });
    // Renewed at least once per renewal interval up to the last one: it never looked stale to a resumer.
    expect(clock.now() - running!.renewedAt!).toBeLessThanOrEqual(RECOVERY_RENEW_MS);
    const locks = await f.store.listLocks(clock.now());
    expect(locks.map((l) => [formatInstanceKey(l.instance), l.owner]).sort()).toEqual([P, R1, R2].map((k) => [k, `recovery:${running!.id}`]));
    for (const lock of locks) expect(lock.expiresAt).toBeGreaterThan(clock.now() + LOCK_TTL_MS - 2 * RECOVERY_RENEW_MS);
    // Another change still finds the servers held.
    const refused = await rejection(f.store.acquireLock({ instance: parseInstanceKey(R1), owner: 'cli:bob', reason: 'relocate', acquiredAt: clock.now(), expiresAt: clock.now() + 60_000 }, clock.now()));
    expect(refused.code).toBe('orc_lock_held');

    hooks.end();
    // Repoint verification polls on the same clock: time has to move for the recovery to end.
    const { recovery: ended } = await clock.advanceUntil(recovery, 100, 60_000);
    expect(ended.status).toBe('succeeded');
    // Once the recovery ended, nothing renews any more.
    const endedAt = (await f.store.listRecoveries())[0]!.renewedAt;
    await clock.advance(10 * RECOVERY_RENEW_MS);
    expect((await f.store.listRecoveries())[0]!.renewedAt).toBe(endedAt);
    expect(await f.store.listLocks(clock.now())).toEqual([]);
  });
});

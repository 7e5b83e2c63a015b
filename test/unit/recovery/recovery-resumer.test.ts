import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import type { HookRunner } from '../../../core/hooks/hook-runner.js';
import { silentLogger } from '../../../core/ports/logger.js';
import type { RecoveryRecord } from '../../../core/ports/recovery-store.js';
import { RecoveryResumer } from '../../../core/recovery/recovery-resumer.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { FakeReplicationControl } from '../../support/fake-replication-control.js';
import { MemoryStore } from '../../support/memory-store.js';
import { makeRecovery } from '../../support/recovery-builder.js';

const T0 = 1_800_000_000_000;
const config = parseConfig({ topology: { user: 'orc' }, replication: { user: 'repl' }, recovery: { resumeAfterMs: 5_000 } });

/** A resumer over a memory store and a hand-moved clock; `resumed` collects what it hands to the launcher. */
async function fixture(options: { leader?: () => boolean } = {}) {
  let wall = T0;
  let mono = 0;
  const store = new MemoryStore();
  const resumed: { record: RecoveryRecord; runner: string }[] = [];
  const launcher = { isActive: () => false, resume: (record: RecoveryRecord, runner: string) => void resumed.push({ record, runner }) };
  const noHooks = {} as HookRunner;
  const deps = {
    config,
    store,
    probe: new FakeProbe(),
    control: new FakeReplicationControl(),
    hookRunner: noHooks,
    clock: { now: () => wall, monotonic: () => mono },
    logger: silentLogger,
    orcHost: 'orc-b',
    ...(options.leader ? { leadership: { mayAct: options.leader, token: () => null } } : {}),
  };
  const resumer = new RecoveryResumer(deps, launcher);
  const advance = async (ms: number) => {
    wall += ms;
    mono += ms;
    await resumer.review();
  };
  await store.registerRecovery(makeRecovery({ id: 'r1', startedAt: T0, runner: 'orc-a:1:x', renewedAt: T0 }));
  return { store, resumed, advance };
}

describe('RecoveryResumer', () => {
  it('claims a recovery whose heartbeat stood still for resumeAfterMs by its own clock, once', async () => {
    const f = await fixture();
    await f.advance(0);
    await f.advance(4_000);
    expect(f.resumed).toEqual([]);
    await f.advance(1_500);
    expect(f.resumed.map((r) => [r.record.id, r.record.runner])).toEqual([['r1', 'orc-a:1:x']]);
    expect(f.resumed[0]!.runner).toMatch(/^orc-b:\d+:/);
    expect((await f.store.getRecovery('r1'))!.record.runner).toBe(f.resumed[0]!.runner);
    await f.advance(10_000);
    expect(f.resumed).toHaveLength(1);
  });

  it('never takes over a runner that keeps renewing, however long the recovery runs', async () => {
    const f = await fixture();
    for (let i = 1; i <= 30; i++) {
      await f.store.renewRecovery('r1', 'orc-a:1:x', T0 + i * 1_000);
      await f.advance(1_000);
    }
    expect(f.resumed).toEqual([]);
    expect((await f.store.getRecovery('r1'))!.record.runner).toBe('orc-a:1:x');
  });

  it('does not compare wall clocks: a heartbeat far in the past by this host is not stale until it stood still here', async () => {
    const f = await fixture();
    await f.store.renewRecovery('r1', 'orc-a:1:x', T0 - 3_600_000);
    await f.advance(1_000);
    expect(f.resumed).toEqual([]);
  });

  it('claims nothing while this orc is not the leader', async () => {
    const f = await fixture({ leader: () => false });
    await f.advance(0);
    await f.advance(6_000);
    expect(f.resumed).toEqual([]);
    expect((await f.store.getRecovery('r1'))!.record.runner).toBe('orc-a:1:x');
  });
});

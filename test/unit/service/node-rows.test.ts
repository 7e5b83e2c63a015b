import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import type { HookRunner } from '../../../core/hooks/hook-runner.js';
import { systemClock } from '../../../core/ports/clock.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { NODE_FORGET_AFTER_MS } from '../../../core/service/node-heartbeat.js';
import { OrcService } from '../../../src/service/orc-service.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { FakeReplicationControl } from '../../support/fake-replication-control.js';
import { MemoryStore } from '../../support/memory-store.js';
import { until } from '../../support/service-harness.js';

const RENEW_MS = 50;
const config = parseConfig({ topology: { user: 'orc' }, service: { leaseMs: 400, renewMs: RENEW_MS } });

const noHooks: HookRunner = {
  run: async () => ({ exitCode: 0, signal: null, durationMs: 0, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: null }),
};

const running: OrcService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function service(store: MemoryStore, host: string): OrcService {
  const orc = new OrcService({ config, store, probe: new FakeProbe(), control: new FakeReplicationControl(), hookRunner: noHooks, clock: systemClock, logger: silentLogger, orcHost: host, version: '1.2.3' });
  running.push(orc);
  return orc;
}

describe('OrcService node rows', () => {
  it('each service writes its row on every election round, with its role; a handover shows in the rows', async () => {
    const store = new MemoryStore();
    const before = Date.now();
    const a = service(store, 'orc-a');
    const b = service(store, 'orc-b');
    await a.start();
    await b.start();
    const rows = await store.listNodes();
    expect(rows.map((n) => [n.holder, n.host, n.role]).sort()).toEqual([
      [a.holder, 'orc-a', 'leader'],
      [b.holder, 'orc-b', 'follower'],
    ]);
    for (const n of rows) {
      expect(n).toMatchObject({ pid: process.pid, version: '1.2.3' });
      expect(n.startedAt).toBeGreaterThanOrEqual(before);
      expect(n.lastSeenAt).toBeGreaterThanOrEqual(n.startedAt);
    }
    const seen = rows.find((n) => n.holder === a.holder)!.lastSeenAt;
    await until('a to beat again', async () => (await store.listNodes()).find((n) => n.holder === a.holder)!.lastSeenAt > seen, 20 * RENEW_MS);

    await a.stop();
    await until('b to be the leader in its row', async () => (await store.listNodes()).find((n) => n.holder === b.holder)?.role === 'leader', 40 * RENEW_MS);
    const stopped = (await store.listNodes()).find((n) => n.holder === a.holder)!.lastSeenAt;
    // Three more beats of b: had a stopped beating badly, its row would have moved meanwhile.
    for (let beat = 0; beat < 3; beat++) {
      const bSeen = (await store.listNodes()).find((n) => n.holder === b.holder)!.lastSeenAt;
      await until('b to beat again', async () => (await store.listNodes()).find((n) => n.holder === b.holder)!.lastSeenAt > bSeen, 20 * RENEW_MS);
    }
    expect((await store.listNodes()).find((n) => n.holder === a.holder)!.lastSeenAt).toBe(stopped);
  });

  it('forgets the rows of services gone for a day', async () => {
    const store = new MemoryStore();
    const old = { holder: 'gone:1:x', host: 'gone', pid: 1, version: '0.0.1', startedAt: 1000, role: 'leader' as const };
    await store.recordNodeHeartbeat({ ...old, lastSeenAt: Date.now() - NODE_FORGET_AFTER_MS - 1000 });
    await store.recordNodeHeartbeat({ ...old, holder: 'recent:1:y', lastSeenAt: Date.now() - 60_000 });
    await service(store, 'orc-a').start();
    expect((await store.listNodes()).map((n) => n.holder)).toEqual([running[0]!.holder, 'recent:1:y']);
  });
});

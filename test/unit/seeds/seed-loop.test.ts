import { describe, expect, it } from 'vitest';
import type { AgentEndpoint, StageRequest } from '../../../core/ports/agent-client.js';
import { SeedLoop } from '../../../core/seeds/seed-loop.js';
import type { SeedTickSummary } from '../../../core/seeds/seed-ticker.js';
import { POLICY, TickerHarness } from './seed-ticker-harness.js';

const TICK_MS = 1000;

/** A seed loop over the harness's ports; each tick's summary is pushed to ticks. */
function loopOf(h: TickerHarness, ticks: SeedTickSummary[]): SeedLoop {
  return new SeedLoop({
    store: h.store,
    agentClient: h.agents,
    agentOf: async (key) => h.registry.get(`${key.host}:${key.port}`) ?? null,
    control: h.control,
    probe: h.probe,
    clock: h.clock,
    logger: h.logger,
    policy: POLICY,
    leadership: { mayAct: () => h.token !== null, token: () => h.token },
    tickMs: TICK_MS,
    onTick: (summary) => ticks.push(summary),
  });
}

describe('SeedLoop', () => {
  it('ticks at once, then every tickMs on its clock, and never after stop', async () => {
    const h = new TickerHarness();
    await h.lead();
    await h.seed('s1');
    const ticks: SeedTickSummary[] = [];
    const loop = loopOf(h, ticks);
    loop.start();
    await h.clock.advance(0);
    expect(ticks).toHaveLength(1);
    expect(await h.state('s1')).toBe('Running/Prepare');
    await h.clock.advance(TICK_MS - 1);
    expect(ticks).toHaveLength(1);
    await h.clock.advance(1);
    expect(ticks).toHaveLength(2);
    expect(loop.stats()).toMatchObject({ ticks: 2, failedTicks: 0, lastTick: { ran: true, seeds: 1 } });
    await loop.stop();
    await h.clock.advance(5 * TICK_MS);
    expect(ticks).toHaveLength(2);
  });

  it('does nothing while this orc is not the leader', async () => {
    const h = new TickerHarness();
    await h.seed('s1');
    const ticks: SeedTickSummary[] = [];
    const loop = loopOf(h, ticks);
    loop.start();
    await h.clock.advance(TICK_MS);
    await loop.stop();
    expect(ticks.map((t) => t.ran)).toEqual([false, false]);
    expect(await h.state('s1')).toBe('Scheduled/Prepare');
    expect(h.calls()).toEqual([]);
  });

  it('keeps going when a tick fails (store down) and counts it', async () => {
    const h = new TickerHarness();
    await h.lead();
    const ticks: SeedTickSummary[] = [];
    const loop = loopOf(h, ticks);
    const list = h.store.listSeeds.bind(h.store);
    let down = true;
    h.store.listSeeds = async (options) => {
      if (down) throw new Error('store unreachable');
      return list(options);
    };
    loop.start();
    await h.clock.advance(0);
    expect(loop.stats()).toMatchObject({ ticks: 0, failedTicks: 1, lastError: 'store unreachable' });
    down = false;
    await h.clock.advance(TICK_MS);
    expect(loop.stats()).toMatchObject({ ticks: 1, failedTicks: 1, lastError: null });
    expect(h.logger.lines.some((l) => l.level === 'error' && l.msg === 'loop iteration failed')).toBe(true);
    await loop.stop();
  });

  it('stops a tick hung in an agent call through its signal, persisting nothing of it', async () => {
    const h = new TickerHarness();
    await h.lead();
    const before = await h.seed('s1');
    let called: () => void = () => undefined;
    const inCall = new Promise<void>((resolve) => (called = resolve));
    h.agents.startStage = (_agent: AgentEndpoint, _request: StageRequest, signal?: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        called();
        signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      });
    const ticks: SeedTickSummary[] = [];
    const loop = loopOf(h, ticks);
    loop.start();
    await inCall;
    await loop.stop();
    expect(ticks).toHaveLength(1);
    expect(await h.store.getSeed('s1')).toEqual(before);
    expect(await h.history('s1')).toEqual([]);
  });
});

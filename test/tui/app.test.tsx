import { TEST_CONFIG } from '../support/test-config.js';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../core/model/instance-key.js';
import { App } from '../../tui/app.js';
import { storeDashboardSource } from '../../tui/lib/store-dashboard-source.js';
import { MemoryStore } from '../support/memory-store.js';
import { makeRecovery } from '../support/recovery-builder.js';
import { FakeClock, seedTopologies, T0 } from './fixtures/topology.js';

const REFRESH_MS = 40;

/** The fake store with slow cluster listings that counts concurrent calls. */
class SlowStore extends MemoryStore {
  calls = 0;
  active = 0;
  maxConcurrent = 0;
  override async listClusters() {
    this.calls++;
    this.active++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.active);
    try {
      await new Promise((r) => setTimeout(r, 15));
      return await super.listClusters();
    } finally {
      this.active--;
    }
  }
}
const DOWN = '\u001B[B';
const UP = '\u001B[A';

const mounted: { unmount: () => void }[] = [];
afterEach(() => {
  for (const app of mounted.splice(0)) app.unmount();
});

async function setup(rows?: number) {
  const store = new MemoryStore();
  const clock = new FakeClock(T0);
  await seedTopologies(store, T0);
  let quit!: () => void;
  const quitted = new Promise<void>((resolve) => (quit = resolve));
  const app = render(
    <App source={storeDashboardSource({ store, clock, config: TEST_CONFIG })} clock={clock} refreshMs={REFRESH_MS} size={{ columns: 100, ...(rows ? { rows } : {}) }} title="orc test" onQuit={quit} />,
  );
  mounted.push(app);
  return { store, clock, app, quitted };
}

/** Polls the last frame until it matches, failing with the frame after timeoutMs. */
async function frameMatching(app: { lastFrame: () => string | undefined }, test: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = app.lastFrame() ?? '';
    if (test(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`frame did not match within ${timeoutMs}ms:\n${frame}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function rowOf(frame: string, text: string): string {
  const row = frame.split('\n').find((l) => l.includes(text) && !l.startsWith('──'));
  if (row === undefined) throw new Error(`no row with "${text}" in:\n${frame}`);
  return row;
}

describe('dashboard App', () => {
  it('shows the clusters and the selected cluster as an indented tree with roles and replication state', async () => {
    const { app } = await setup();
    const frame = await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    const lines = frame.split('\n');
    expect(lines[0]).toMatch(/^orc test\s+refreshed 10:20:30$/);
    expect(rowOf(frame, '› main')).toContain('4/4 up');
    expect(rowOf(frame, 'reports')).toContain('2/2 up');
    expect(lines).toContain(`── main (127.0.0.1:3306) · 4 servers ${'─'.repeat(63)}`);

    const primary = rowOf(frame, '127.0.0.1:3306 ');
    expect(primary.indexOf('127.0.0.1:3306')).toBe(0);
    expect(primary).toMatch(/127\.0\.0\.1:3306\s+primary\s+rw\s+—\s+gtid 0-1-1200/);
    const intermediate = rowOf(frame, '127.0.0.1:3307');
    expect(intermediate.indexOf('127.0.0.1:3307')).toBe(3);
    expect(intermediate).toMatch(/^├─ 127\.0\.0\.1:3307\s+intermediate\s+ro\s+ok\s+lag 0s\s+gtid 0-1-1200$/);
    const leaf = rowOf(frame, '127.0.0.1:3309');
    expect(leaf.indexOf('127.0.0.1:3309')).toBe(6);
    expect(leaf).toMatch(/^│  └─ 127\.0\.0\.1:3309\s+replica\s+ro\s+ok\s+lag 0s/);
    expect(rowOf(frame, '127.0.0.1:3308')).toMatch(/^└─ 127\.0\.0\.1:3308\s+replica\s+ro\s+ok\s+lag 2s/);
    // Tree rows come in depth-first order: 3306, 3307, 3309, 3308.
    const order = ['3306 ', '3307', '3309', '3308'].map((p) => lines.findIndex((l) => l.includes(`127.0.0.1:${p}`)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(lines.at(-1)).toMatch(/^ 1 clusters 2 topology .* read-only · \? help · q quit/);
  });

  it('shows the orc services alive and their leader in the header', async () => {
    const { app, store, clock } = await setup();
    await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    const node = { holder: 'orc-a:1:ab', host: 'orc-a', pid: 1, version: '0.1.0', startedAt: T0, lastSeenAt: T0, role: 'leader' as const };
    await store.recordNodeHeartbeat(node);
    await store.recordNodeHeartbeat({ ...node, holder: 'orc-b:2:cd', host: 'orc-b', role: 'follower' });
    clock.advance(3_000);
    const frame = await frameMatching(app, (f) => f.includes('2 nodes'));
    expect(frame.split('\n')[0]).toMatch(/^orc test\s+2 nodes · leader orc-a · refreshed 10:20:33$/);
  });

  it('shows a server that became unreachable on the next poll', async () => {
    const { app, store, clock } = await setup();
    await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    clock.advance(3_000);
    await store.recordProbeFailure({ key: parseInstanceKey('127.0.0.1:3308'), at: clock.now(), error: 'orc_unreachable: connect ECONNREFUSED' }, '127.0.0.1:3306');
    const frame = await frameMatching(app, (f) => f.includes('UNREACHABLE'));
    const down = rowOf(frame, '127.0.0.1:3308');
    expect(down).toMatch(/^└─ 127\.0\.0\.1:3308\s+replica\s+UNREACHABLE, last seen 3s ago: orc_unreachable: connect ECONN/);
    // The error runs past 100 columns: the row is cut to the terminal width, not wrapped.
    expect(down).toHaveLength(100);
    expect(down.endsWith('…')).toBe(true);
    expect(rowOf(frame, '› main')).toContain('3/4 up');
    expect(rowOf(frame, '› main')).toContain('! 1 with problems');
    expect(rowOf(frame, '127.0.0.1:3307')).not.toContain('UNREACHABLE');
  });

  it('marks a cluster whose primary is unreachable and shows replication trouble', async () => {
    const { app, store, clock } = await setup();
    await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    await store.recordProbeFailure({ key: parseInstanceKey('127.0.0.1:3306'), at: clock.now(), error: 'orc_unreachable: timeout' }, '127.0.0.1:3306');
    const frame = await frameMatching(app, (f) => f.includes('✗ primary unreachable'));
    expect(frame.split('\n').find((l) => l.startsWith('127.0.0.1:3306 '))).toContain('UNREACHABLE, last seen 0ms ago');
  });

  it('moves between clusters with arrows and j/k, keeping the selection across refreshes', async () => {
    const { app } = await setup();
    await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    app.stdin.write('j');
    let frame = await frameMatching(app, (f) => f.includes('127.0.0.1:4407'));
    expect(rowOf(frame, '› reports')).toContain('2/2 up');
    expect(frame).not.toContain('127.0.0.1:3309');
    expect(frame).toContain('── reports (127.0.0.1:4406) · 2 servers');
    expect(frame.split('\n').find((l) => l.startsWith('127.0.0.1:4406'))).toContain('gtid 0-7-55');
    // Two more refreshes later, still on reports.
    const frames = app.frames.length;
    await frameMatching(app, () => app.frames.length > frames + 2);
    expect(app.lastFrame()).toContain('› reports');
    app.stdin.write(DOWN);
    await new Promise((r) => setTimeout(r, 20));
    expect(app.lastFrame()).toContain('› reports');
    app.stdin.write(UP);
    frame = await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    expect(frame).toContain('› main');
    app.stdin.write('k');
    await new Promise((r) => setTimeout(r, 20));
    expect(app.lastFrame()).toContain('› main');
  });

  it('warns when the service has not probed for more than 3 refresh intervals', async () => {
    const { app, clock } = await setup();
    const fresh = await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    expect(fresh).not.toContain('no fresh data');
    clock.advance(30_000);
    const frame = await frameMatching(app, (f) => f.includes('no fresh data'));
    expect(frame).toContain('⚠ no fresh data from the service for 30s — is `orc serve` running?');
    expect(frame.split('\n')[0]).toMatch(/refreshed 10:21:00$/);
  });

  it('shows a store error as a line, keeps the last data and says how old it is', async () => {
    const { app, store, clock } = await setup();
    await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    await store.close();
    clock.advance(12_000);
    const frame = await frameMatching(app, (f) => f.includes('STALE'));
    expect(rowOf(frame, 'error:')).toBe('error: orc_store_failed: store is closed');
    expect(rowOf(frame, 'STALE')).toBe('⚠ STALE: refreshes are failing; the data shown is 12s old');
    expect(frame).toContain('127.0.0.1:3309');
  });

  it('fits the frame in one row less than the terminal', async () => {
    const { app } = await setup(8);
    const frame = await frameMatching(app, (f) => f.includes('more servers'));
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(7);
    expect(lines[0]).toContain('orc test');
    expect(lines.at(-1)).toContain('q quit');
    expect(frame).toContain('› main');
  });

  it('quits on q and stops refreshing', async () => {
    const { app, quitted } = await setup();
    await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    app.stdin.write('q');
    await quitted;
    const frames = app.frames.length;
    await new Promise((r) => setTimeout(r, REFRESH_MS * 3));
    expect(app.frames.length).toBe(frames);
  });

  it('quits on Ctrl-C', async () => {
    const { app, quitted } = await setup();
    await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    app.stdin.write('\u0003');
    await quitted;
  });

  it('never overlaps refreshes, even when r is pressed during a slow one, and stops polling on unmount', async () => {
    const store = new SlowStore();
    await seedTopologies(store, T0);
    const clock = new FakeClock(T0);
    const app = render(<App source={storeDashboardSource({ store, clock, config: TEST_CONFIG })} clock={clock} refreshMs={REFRESH_MS} size={{ columns: 100 }} />);
    mounted.push(app);
    await frameMatching(app, (f) => f.includes('127.0.0.1:3309'));
    for (let i = 0; i < 5; i++) app.stdin.write('r');
    const calls = store.calls;
    await frameMatching(app, () => store.calls >= calls + 4);
    expect(store.maxConcurrent).toBe(1);
    app.unmount();
    await frameMatching(app, () => store.active === 0);
    const afterUnmount = store.calls;
    await new Promise((r) => setTimeout(r, REFRESH_MS * 4));
    expect(store.calls).toBe(afterUnmount);
  });

  it('says how to get started when no cluster is known', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock(T0);
    const app = render(<App source={storeDashboardSource({ store, clock, config: TEST_CONFIG })} clock={clock} refreshMs={REFRESH_MS} size={{ columns: 100 }} />);
    mounted.push(app);
    const frame = await frameMatching(app, (f) => f.includes('no clusters'));
    expect(frame).toContain('no clusters known yet — run `orc discover HOST:PORT` and `orc serve`');
  });

  it('shows whether orc would recover the selected cluster now, and why not after a recovery', async () => {
    const { app, store } = await setup();
    await frameMatching(app, (f) => f.includes('auto-recovery: on — would recover if the primary died now'));
    const cluster = (await store.listClusters())[0]!;
    await store.registerRecovery(makeRecovery({ id: 'rec1', cluster: cluster.name, clusterAlias: cluster.alias, failed: cluster.primary, startedAt: T0 - 60_000, summary: 'starting' }));
    await store.finishRecovery('rec1', { status: 'succeeded', endedAt: T0 - 59_000, successor: parseInstanceKey('127.0.0.1:3307'), lost: [], summary: 'promoted 127.0.0.1:3307' });
    const frame = await frameMatching(app, (f) => f.includes('auto-recovery: OFF'));
    expect(frame).toContain("auto-recovery: OFF — blocked: cluster main was recovered 1m00s ago; anti-flap block for 59m00s more");
    expect(frame).toContain('last recovery rec1 succeeded 1m00s ago: promoted 127.0.0.1:3307');
  });
});


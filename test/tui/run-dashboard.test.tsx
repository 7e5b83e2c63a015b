import { TEST_CONFIG } from '../support/test-config.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { ALTERNATE_SCREEN } from '../../tui/lib/alternate-screen.js';
import { runDashboard } from '../../tui/run-dashboard.js';
import { storeDashboardSource } from '../../tui/lib/store-dashboard-source.js';
import { MemoryStore } from '../support/memory-store.js';
import { FakeStdin, FakeStdout } from './fixtures/fake-terminal.js';
import { FakeClock, seedTopologies, T0 } from './fixtures/topology.js';

async function until(condition: () => boolean, what: () => string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function start(rows = 30) {
  const store = new MemoryStore();
  const clock = new FakeClock(T0);
  await seedTopologies(store, T0);
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(100, rows);
  const done = runDashboard({
    source: storeDashboardSource({ store, clock, config: TEST_CONFIG }),
    clock,
    refreshMs: 40,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    title: 'orc e2e',
  });
  return { store, stdin, stdout, done };
}

describe('runDashboard', () => {
  it('draws on the alternate screen, quits on q and restores the screen', async () => {
    const { stdin, stdout, done } = await start();
    expect(stdout.output.startsWith(ALTERNATE_SCREEN.enter)).toBe(true);
    await until(() => stdout.output.includes('127.0.0.1:3309'), () => stdout.output);
    expect(stdout.output).toContain('orc e2e');
    expect(stdin.isRaw).toBe(true);
    stdin.type('q');
    await done;
    expect(stdout.output.endsWith(ALTERNATE_SCREEN.leave)).toBe(true);
    expect(stdin.isRaw).toBe(false);
  });

  it('leaves no signal or resize listener behind', async () => {
    const listeners = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM') + process.listenerCount('exit');
    const first = await start();
    await until(() => first.stdout.output.includes('127.0.0.1:3309'), () => first.stdout.output);
    first.stdin.type('q');
    await first.done;
    // Ink's cursor restorer keeps one process-wide handler after the first run; a second run must add nothing.
    const afterFirst = listeners();
    const second = await start();
    await until(() => second.stdout.output.includes('127.0.0.1:3309'), () => second.stdout.output);
    expect(listeners()).toBeGreaterThan(afterFirst);
    second.stdin.type('\u0003');
    await second.done;
    expect(listeners()).toBe(afterFirst);
    expect(second.stdout.listenerCount('resize')).toBe(0);
  });

  it('lays the frame out again when the terminal shrinks', async () => {
    const { stdin, stdout, done } = await start(30);
    await until(() => stdout.output.includes('127.0.0.1:3309'), () => stdout.output);
    expect(stdout.output).not.toContain('more servers');
    stdout.resize(100, 8);
    await until(() => stdout.output.includes('more servers'), () => stdout.output);
    stdin.type('q');
    await done;
  });

  it('restores the screen and rethrows when rendering fails', async () => {
    const { store, stdout, done } = await start();
    // A cluster alias that cannot become text makes the cluster list throw while rendering.
    const unprintable = { toString: () => { throw new Error('unprintable alias'); } } as unknown as string;
    store.listClusters = async () => [{ name: '127.0.0.1:3306', alias: unprintable, primary: { host: '127.0.0.1', port: 3306 }, updatedAt: T0 }];
    await expect(done).rejects.toThrow('unprintable alias');
    expect(stdout.output.endsWith(ALTERNATE_SCREEN.leave)).toBe(true);
  });

  it('refuses to start without an interactive terminal, writing nothing', async () => {
    const stdout = new FakeStdout(100, 30);
    await expect(
      runDashboard({
        source: storeDashboardSource({ store: new MemoryStore(), clock: new FakeClock(T0), config: TEST_CONFIG }),
        clock: new FakeClock(T0),
        refreshMs: 40,
        stdin: new FakeStdin(false) as unknown as NodeJS.ReadStream,
        stdout: stdout as unknown as NodeJS.WriteStream,
      }),
    ).rejects.toBeInstanceOf(InputError);
    expect(stdout.output).toBe('');
  });
});

import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TmuxSession } from '../support/tmux-session.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
// Starting node with the tsx loader takes a few seconds on a busy 2-core machine.
const STARTUP_MS = 25_000;

const sessions: TmuxSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.kill()));
});

async function startDemo(columns: number, rows: number): Promise<TmuxSession> {
  const session = await TmuxSession.start({
    command: [process.execPath, '--import', 'tsx', 'test/tui/fixtures/dashboard-demo.tsx'],
    cwd: REPO,
    columns,
    rows,
  });
  sessions.push(session);
  await session.waitForText('127.0.0.1:3309', STARTUP_MS);
  return session;
}

function nonBlankRows(screen: string): string[] {
  return screen.split('\n').filter((l) => l.trim() !== '');
}

describe('dashboard in a real terminal (tmux)', () => {
  it('draws on the alternate screen, follows keys and resizes, and restores the screen on q', { timeout: 60_000 }, async () => {
    const session = await startDemo(100, 20);
    let screen = await session.capture();
    expect(screen.split('\n')[0]).toMatch(/^orc demo\s+refreshed 10:20:30$/);
    expect(screen).not.toContain('before-dashboard');
    expect(screen).toContain('│  └─ 127.0.0.1:3309  replica');

    await session.sendKey('Down');
    screen = await session.waitForText('› reports');
    expect(screen).toContain('└─ 127.0.0.1:4407');
    await session.sendKey('k');
    await session.waitForText('› main');

    await session.resize(60, 8);
    screen = await session.waitForText('more servers');
    const rows = nonBlankRows(screen);
    expect(rows.length).toBeLessThanOrEqual(7);
    expect(rows[0]).toMatch(/^orc demo/);
    expect(rows.at(-1)).toMatch(/q quit/);
    expect(screen.split('\n').every((l) => l.length <= 60)).toBe(true);

    await session.sendKey('q');
    // Read the restored screen while the process lives: tmux 3.3 loses it once a pane that used the alternate screen dies.
    screen = await session.waitForText('dashboard-exited');
    expect(screen).toContain('before-dashboard');
    expect(screen).not.toContain('127.0.0.1:3309');
    await session.sendKey('Enter');
    expect(await session.waitForExit()).toBe(0);
  });

  it('restores the screen on SIGTERM', { timeout: 60_000 }, async () => {
    const session = await startDemo(100, 20);
    process.kill(await session.pid(), 'SIGTERM');
    const screen = await session.waitForText('dashboard-exited');

    expect(screen).toContain('before-dashboard');
    expect(screen).not.toContain('127.0.0.1:3309');
    await session.sendKey('Enter');
    expect(await session.waitForExit()).toBe(0);
  });
});

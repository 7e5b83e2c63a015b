import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TmuxSession } from '../support/tmux-session.js';

const sessions: TmuxSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.kill()));
});

async function start(command: string, options: { columns?: number; rows?: number; env?: Record<string, string> } = {}) {
  const session = await TmuxSession.start({ command: ['bash', '--norc', '-c', command], ...options });
  sessions.push(session);
  return session;
}

/** True while a process with this pid runs (a zombie waiting for init to reap it counts as ended). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('TmuxSession', () => {
  it('runs a command, types into it key by key and reads the screen, without CI in the environment', async () => {
    const session = await start('echo "ci=${CI-unset} term=$TERM"; read x; echo got:$x', { env: { CI: 'true' } });
    expect(await session.waitForText('ci=unset')).toMatch(/term=\S+/);
    await session.type('hello');
    await session.sendKey('Enter');
    const screen = await session.waitForText('got:hello');
    expect(screen.split('\n')).toContain('got:hello');
    expect(await session.waitForExit()).toBe(0);
    // The pane stays after the command exits, so its last screen can still be read.
    expect(await session.capture()).toContain('got:hello');
  });

  it('starts at the given size and resizes', async () => {
    const session = await start('stty size; while read x; do stty size; done', { columns: 90, rows: 20 });
    await session.waitForText('20 90');
    await session.resize(70, 15);
    await session.sendKey('Enter');
    await session.waitForText('15 70');
  });

  it('reports a failing exit status and a running command as null', async () => {
    const session = await start('echo ready; read x; exit 3');
    await session.waitForText('ready');
    expect(await session.exitStatus()).toBeNull();
    await session.sendKey('Enter');
    expect(await session.waitForExit()).toBe(3);
  });

  it('reports death by signal as 128 + the signal number', async () => {
    const session = await start('echo ready; read x; kill -TERM $$');
    await session.waitForText('ready');
    await session.sendKey('Enter');
    expect(await session.waitForExit()).toBe(143);
  });

  it('times out with the screen in the error', async () => {
    const session = await start('echo something else; read x');
    await session.waitForText('something else');
    await expect(session.waitForText('never shown', 200)).rejects.toThrow(/never shown.*not on screen after 200ms:\nsomething else/s);
  });

  it('kill() stops the command and only its own tmux server', async () => {
    const other = await start('read x');
    const session = await start('read x');
    const pid = await session.pid();
    expect(alive(pid)).toBe(true);
    const socketDir = `/tmp/tmux-${process.getuid?.() ?? 0}`;
    await session.kill();
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(alive(pid)).toBe(false);
    await expect(session.capture()).rejects.toThrow(/tmux capture-pane failed/);
    expect(readdirSync(socketDir)).not.toContain(session.socket);
    expect(readdirSync(socketDir)).toContain(other.socket);
    expect(await other.exitStatus()).toBeNull();
    await session.kill();
  });
});

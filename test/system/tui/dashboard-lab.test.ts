import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killServer } from '../../../ci-env/lab.js';
import { awaitFile } from '../../support/await-file.js';
import { useLabWithOrcProcess } from '../../support/lab-with-orc-process.js';
import { LAB_PORTS } from '../../support/ports.js';
import { until } from '../../support/service-harness.js';
import { TmuxSession } from '../../support/tmux-session.js';

const ORC_BIN = fileURLToPath(new URL('../../../bin/orc.js', import.meta.url));

describe('orc tui in a real terminal against the lab', () => {
  // The preFailover hook holds the recovery, so the finding is on screen before the recovery changes anything.
  const setup = useLabWithOrcProcess('t-tui-lab', LAB_PORTS.tuiLab, { preFailover: 'block' });
  let session: TmuxSession | undefined;
  afterAll(async () => {
    await session?.kill();
  });

  it('shows the dead primary as a finding, then the recovery and the new tree', { timeout: 120_000 }, async () => {
    const { lab, store, hooks } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    await setup.startOrc(lab.instances.length);
    session = await TmuxSession.start({ command: [process.execPath, ORC_BIN, 'tui', '--config', lab.config, '--refresh-ms', '250'], columns: 150, rows: 30 });
    const old = `127.0.0.1:${primary.port}`;
    let screen = await session.waitForText(new RegExp(`^${old.replace(/\./g, '\\.')}\\s+primary\\s+rw`, 'm'), 30_000);
    expect(screen).toMatch(/auto on/);

    await session.sendKey('3');
    await session.waitForText('── problems');
    await killServer(lab.name, primary.port);
    screen = await session.waitForText(new RegExp(`actionable\\s+\\S+\\s+DeadPrimary\\s+${old.replace(/\./g, '\\.')}`), 30_000);
    expect(screen.split('\n').find((l) => l.includes('DeadPrimary'))).toMatch(/→ /);

    await awaitFile(hooks.preFailover!.marker, 30_000);
    await session.sendKey('4');
    await session.waitForText(/running\s+\S+\s+DeadPrimary/, 10_000);
    hooks.preFailover!.release();
    const recovery = await until('the recovery to end', async () => (await store.listRecoveries()).find((r) => r.status !== 'running'), 30_000, 100);
    // A failed recovery says why: its summary and every step's outcome.
    expect(recovery.status, JSON.stringify(await store.getRecovery(recovery.id))).toBe('succeeded');
    const successor = `127.0.0.1:${recovery.successor!.port}`;
    screen = await session.waitForText(new RegExp(`${recovery.id}\\s+succeeded .*${old.replace(/\./g, '\\.')} -> ${successor.replace(/\./g, '\\.')}`), 10_000);
    expect(screen).toContain('UNACKED');

    // Find the cluster by its new primary (the old one may still be listed on its own), then Enter opens its tree.
    await session.sendKey('1');
    await session.sendKey('/');
    await session.type(successor);
    await session.sendKey('Enter');
    await session.waitForText(`/${successor}  Esc clears`, 10_000);
    await session.sendKey('Enter');
    screen = await session.waitForText(new RegExp(`^› ${successor.replace(/\./g, '\\.')}\\s+primary\\s+rw`, 'm'), 20_000);
    for (const other of lab.instances.filter((i) => i.port !== primary.port && `127.0.0.1:${i.port}` !== successor)) {
      expect(screen).toMatch(new RegExp(`[├└]─ 127\\.0\\.0\\.1:${other.port}\\s+replica\\s+ro\\s+ok`));
    }
    await session.sendKey('q');
    expect(await session.waitForExit(10_000)).toBe(0);
  });
});

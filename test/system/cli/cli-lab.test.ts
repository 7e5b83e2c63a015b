import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killServer, labDown, labUp, startServer } from '../../../ci-env/lab.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';
import { main } from '../../../src/cli/main.js';
import { until } from '../../support/service-harness.js';
import { captureIo } from '../../support/capture-io.js';
import { orc } from '../../support/run-orc.js';
import { LAB_PORTS } from '../../support/ports.js';
import { TmuxSession } from '../../support/tmux-session.js';

const LAB = 't-cli';
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
let lab: LabInfo;
const port = (role: string, nth = 0) => lab.instances.filter((i) => i.role === role)[nth]!.port;


async function topologyJson(): Promise<{ instances: { instance: string; primary: string | null; role: string; reachable: boolean; lastCheckedAt: number }[] }> {
  const r = await orc('topology', LAB, '--config', lab.config, '--json');
  expect(r.err).toBe('');
  return JSON.parse(r.out);
}


beforeAll(async () => {
  await labDown(LAB);
  lab = await labUp({ name: LAB, basePort: LAB_PORTS.cli });
});
afterAll(async () => {
  await labDown(LAB);
});

describe('orc CLI on a real lab', () => {
  it('discovers the exact 4-server tree from any server, with correct parents', async () => {
    const leaf = lab.instances.find((i) => i.role === 'replica' && i.source !== port('primary'))!;
    const r = await orc('discover', `127.0.0.1:${leaf.port}`, '--config', lab.config);
    expect(r.code).toBe(0);
    expect(r.out).toContain('discovered 4 reachable, 0 unreachable');
    const tree = await topologyJson();
    const parents = Object.fromEntries(tree.instances.map((i) => [i.instance, i.primary]));
    const expected = Object.fromEntries(lab.instances.map((i) => [`127.0.0.1:${i.port}`, i.source === null ? null : `127.0.0.1:${i.source}`]));
    expect(parents).toEqual(expected);
    expect(tree.instances.map((i) => i.role)).toEqual(['primary', 'intermediate', 'replica', 'replica']);

    const clusters = JSON.parse((await orc('clusters', '--config', lab.config, '--json')).out);
    expect(clusters).toMatchObject([{ alias: LAB, name: `127.0.0.1:${port('primary')}`, instances: 4, reachable: 4 }]);
    const text = (await orc('topology', `127.0.0.1:${leaf.port}`, '--config', lab.config)).out.split('\n');
    expect(text[0]).toBe(`cluster ${LAB} (127.0.0.1:${port('primary')})`);
    expect(text[1]).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port('primary')}  primary  rw  writer`));
    expect(text.filter((l) => l.includes('replicating  lag 0s'))).toHaveLength(3);
  });

  it('refuses bad input with one line and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['discover', 'nope', '--config', lab.config], /^orc: malformed instance "nope": expected HOST:PORT \[orc_bad_input\]\n$/],
      [['discover', '127.0.0.1:1', '--config', lab.config], /^orc: cannot discover from 127\.0\.0\.1:1: .*ECONNREFUSED \[orc_unreachable\]\n$/],
      [['topology', 'no-such-cluster', '--config', lab.config], /^orc: unknown cluster "no-such-cluster"; known: t-cli .*\[orc_unknown_cluster\]\n$/],
      [['clusters', '--config', '/nonexistent.json'], /^orc: cannot read config file \/nonexistent\.json: ENOENT \[orc_config_invalid\]\n$/],
    ];
    for (const [args, pattern] of cases) {
      const r = await orc(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toMatch(pattern);
      expect(r.err).not.toContain('    at ');
    }
  });

  it('serve sees a killed replica within one poll interval; the dashboard shows it too', { timeout: 90_000 }, async () => {
    const signals = new EventEmitter();
    const serving = main(['node', 'orc', 'serve', '--config', lab.config], captureIo(), signals);
    const tui = await TmuxSession.start({ command: [process.execPath, 'bin/orc.js', 'tui', '--config', lab.config], cwd: REPO, columns: 120, rows: 20 });
    try {
      const victim = lab.instances.find((i) => i.role === 'replica' && i.source === port('primary'))!;
      await tui.waitForText(`127.0.0.1:${victim.port}`, 30_000);
      await killServer(LAB, victim.port);
      const killedAt = Date.now();
      const seen = await until(
        'the replica to show unreachable',
        async () => (await topologyJson()).instances.find((i) => i.instance === `127.0.0.1:${victim.port}` && !i.reachable),
        10_000,
      );
      // The failed probe that recorded it happened within one poll interval (1000 ms) of the kill, plus the probe's own time.
      expect(seen.lastCheckedAt - killedAt).toBeLessThanOrEqual(1000 + 500);
      const screen = await tui.waitForText(/UNREACHABLE/, 10_000);
      expect(screen).toMatch(new RegExp(`127\\.0\\.0\\.1:${victim.port}.*UNREACHABLE`));

      await startServer(LAB, victim.port);
      await until('the replica to answer again', async () => (await topologyJson()).instances.find((i) => i.instance === `127.0.0.1:${victim.port}` && i.reachable), 10_000);
      await tui.sendKey('q');
      expect(await tui.waitForExit()).toBe(0);
    } finally {
      await tui.kill();
      signals.emit('SIGTERM', 'SIGTERM');
      expect(await serving).toBe(0);
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { cliStore, type CliStore } from '../../support/cli-store.js';
import { orc, orcWithEnv } from '../../support/run-orc.js';
import { serveStoreApi } from './store-api.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A SQLite store with two clusters (c0, c1: a primary and two replicas each) and an API over it. */
async function setup(): Promise<{ cli: CliStore; url: string }> {
  const cli = await cliStore();
  cleanups.push(() => cli.close());
  await cli.seedClusters(2);
  const api = await serveStoreApi(cli.config, cleanups);
  return { cli, url: api.url };
}

describe('orc rollout', () => {
  it('starts a fleet rollout on the store and over --api, and lists and shows it the same both ways', async () => {
    const { cli, url } = await setup();
    const direct = await orc('rollout', 'start', 'c0', '--change', 'slave_net_timeout=30', '--change', 'max_connections=200', '--soak', '5', '--config', cli.config);
    expect(direct.err).toBe('');
    const id = direct.out.trim();
    expect(id).toMatch(/^r-[0-9a-z]{10}$/);
    const viaApi = await orcWithEnv({ ORC_API_URL: url }, 'rollout', 'start', 'c1', '--change', 'slave_net_timeout=20', '--include-primary', '--batch-size', '2', '--json');
    expect(viaApi.err).toBe('');
    const started = JSON.parse(viaApi.out);
    expect(started.fleet).toMatchObject({ cluster: '127.0.0.1:3316', includePrimary: true, changes: [{ name: 'slave_net_timeout', value: '20' }] });
    expect(started.fleet.servers.map((s: { name: string; role: string }) => `${s.name} ${s.role}`)).toEqual(['127.0.0.1:3317 replica', '127.0.0.1:3318 replica', '127.0.0.1:3316 primary']);
    expect(started.rollout).toMatchObject({ targetVersion: 'after', lastKnownGoodVersion: 'before', options: { steps: [2], successTimeoutSecs: 10, durationTimeoutSecs: 70 } });

    const list = await orc('rollout', 'list', '--config', cli.config);
    const lines = list.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +PHASE +ROLLING +GOOD +BAD +TARGETS +UPDATED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0]).sort()).toEqual([id, started.id].sort());
    const show = await orc('rollout', 'show', id, '--config', cli.config);
    expect(show.out).toContain(`rollout ${id}: slave_net_timeout=30, max_connections=200 on 127.0.0.1:3306, by cli:`);
    expect(show.out).toMatch(/servers:\n {2}NAME +ROLE +WANTED +APPLIED +PREVIOUS +PERSISTED +GATES\n {2}127\.0\.0\.1:3307 +replica +before +before +- +- +-\n/);
    for (const args of [['rollout', 'list'], ['rollout', 'show', id]]) {
      for (const json of [[], ['--json']]) {
        const viaStore = await orc(...args, ...json, '--config', cli.config);
        expect(viaStore.code, `${args.join(' ')}: ${viaStore.err}`).toBe(0);
        expect(await orcWithEnv({ ORC_API_URL: url }, ...args, ...json)).toEqual(viaStore);
      }
    }
    const audit = await cli.store.listAudit();
    expect(audit.filter((a) => a.action === 'rollout-start').map((a) => a.actor).sort()).toEqual([expect.stringMatching(/^api:/), expect.stringMatching(/^cli:/)]);
  });

  it('pauses, resumes and aborts by id on the store and over --api, audited with the actor', async () => {
    const { cli, url } = await setup();
    const id = (await orc('rollout', 'start', 'c0', '--change', 'slave_net_timeout=30', '--config', cli.config)).out.trim();
    expect(await orc('rollout', 'pause', id, '--reason', 'lunch', '--config', cli.config)).toEqual({ code: 0, out: `rollout ${id}: paused (paused: lunch)\n`, err: '' });
    expect(await orcWithEnv({ ORC_API_URL: url }, 'rollout', 'resume', id)).toEqual({ code: 0, out: `rollout ${id}: progressing\n`, err: '' });
    const aborted = await orcWithEnv({ ORC_API_URL: url }, 'rollout', 'abort', id, '--json');
    expect(aborted.err).toBe('');
    expect(JSON.parse(aborted.out)).toMatchObject({ phase: 'rolling-back', lastKnownBadVersion: 'after' });
    expect((await cli.store.listAudit()).map((a) => `${a.action} ${a.actor.split(':')[0]}`)).toEqual(['rollout-abort api', 'rollout-resume api', 'rollout-pause cli', 'rollout-start cli']);
    const again = await orc('rollout', 'abort', id, '--config', cli.config);
    expect(again).toMatchObject({ code: 1, out: '' });
    expect(again.err).toMatch(/nothing to abort.*\[orc_refused\]\n$/);
    expect(await orc('rollout', 'show', 'r-none', '--config', cli.config)).toMatchObject({ code: 1, err: expect.stringContaining('[orc_unknown_rollout]') });
  });

  it.each([
    [['--change', 'max_connections=5;DROP TABLE t'], /--change|value/],
    [['--change', 'max connections=5'], /variable name/],
    [[], /at least one --change/],
    [['--change', 'a=1', '--batch-size', '0'], /--batch-size/],
    [['--change', 'a=1', '--batch-size', '1', '--steps', '1,2'], /one of --batch-size, --steps and --batch-percent/],
    [['--change', 'a=1', '--gate-query', 'DELETE FROM t'], /--gate-query/],
    [['--change', 'a=1', '--max-lag', 'x'], /--max-lag/],
  ])('refuses bad input %j with orc_bad_input, storing nothing', async (flags, message) => {
    const { cli } = await setup();
    const r = await orc('rollout', 'start', 'c0', ...flags, '--config', cli.config);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('[orc_bad_input]');
    expect(await cli.store.listFleetRollouts()).toEqual([]);
    expect(await cli.store.listRollouts()).toEqual([]);
  });

  it('refuses a second rollout of a cluster with orc_refused, audited', async () => {
    const { cli } = await setup();
    await orc('rollout', 'start', 'c0', '--change', 'slave_net_timeout=30', '--config', cli.config);
    const second = await orc('rollout', 'start', '127.0.0.1:3307', '--change', 'slave_net_timeout=40', '--config', cli.config);
    expect(second).toMatchObject({ code: 1, out: '' });
    expect(second.err).toMatch(/still active \[orc_refused\]\n$/);
    expect((await cli.store.listAudit())[0]).toMatchObject({ action: 'rollout-start', outcome: 'refused' });
    expect(await cli.store.listFleetRollouts()).toHaveLength(1);
  });

  it('refuses a --command rollout on the store and over --api when the servers have no agents, listing each; and --change with --command', async () => {
    const { cli, url } = await setup();
    const direct = await orc('rollout', 'start', 'c0', '--command', 'reload', '--config', cli.config);
    expect(direct).toMatchObject({ code: 1, out: '' });
    expect(direct.err).toMatch(/no agent to run reload on 127\.0\.0\.1:\d+ \(no agent\), 127\.0\.0\.1:\d+ \(no agent\) \[orc_refused\]\n$/);
    const viaApi = await orcWithEnv({ ORC_API_URL: url }, 'rollout', 'start', 'c1', '--command', 'reload');
    expect(viaApi.code).toBe(1);
    expect(viaApi.err).toMatch(/no agent to run reload on .*\(no agent\).*\[orc_refused\]/);
    const both = await orc('rollout', 'start', 'c0', '--command', 'reload', '--change', 'a=1', '--config', cli.config);
    expect(both.err).toMatch(/not both \[orc_bad_input\]/);
    const neither = await orc('rollout', 'start', 'c0', '--config', cli.config);
    expect(neither.err).toMatch(/--command NAME \[orc_bad_input\]/);
    expect(await cli.store.listFleetRollouts()).toEqual([]);
  });
});

import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningApi } from '../../../src/api/start-api.js';
import { cliStore, type CliStore } from '../../support/cli-store.js';
import { orc, orcWithEnv } from '../../support/run-orc.js';
import { makeRecovery } from '../../support/recovery-builder.js';
import { ADMIN_TOKEN, apiFixture, BASIC_PASSWORD, BASIC_USER, READ_TOKEN } from '../api/api-fixture.js';
import { CLUSTER, P, R1, T0 } from '../commands/command-fixture.js';
import { serveStoreApi } from './store-api.js';

const admin = { ORC_API_TOKEN: ADMIN_TOKEN };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A SQLite store the direct mode opens from its config, and a real API over the same store. */
async function storeWithApi(): Promise<{ cli: CliStore; api: RunningApi }> {
  const cli = await cliStore();
  cleanups.push(() => cli.close());
  await cli.seedClusters(2);
  await cli.store.registerRecovery(makeRecovery({ id: 'rec1', cluster: '127.0.0.1:3306', clusterAlias: 'c0' }));
  const api = await serveStoreApi(cli.config, cleanups);
  return { cli, api };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('orc --api URL: the commands over the HTTP API', () => {
  it('read commands print the same text and --json as the direct mode on the same store', async () => {
    const { cli, api } = await storeWithApi();
    const reads = [['clusters'], ['topology', 'c0'], ['analysis'], ['analysis', 'c1'], ['instance', '127.0.0.1:3307'], ['recoveries'], ['recoveries', 'c0', '--limit', '5'], ['nodes']];
    for (const args of reads) {
      for (const json of [[], ['--json']]) {
        const direct = await orc(...args, ...json, '--config', cli.config);
        const remote = await orcWithEnv({ ORC_API_URL: api.url }, ...args, ...json);
        expect(direct.code, `${args.join(' ')} ${json}: ${direct.err}`).toBe(0);
        // A topology's "at" is when it was read: the only field two reads may not share.
        const readAt = (r: typeof direct) => ({ args, ...r, out: r.out.replace(/"at": \d+/g, '"at": 0') });
        expect(readAt(remote)).toEqual(readAt(direct));
      }
    }
    const first = (await orc('clusters', '--config', cli.config)).out;
    expect(first).toContain('c0  127.0.0.1:3306  instances 3/3 reachable');
  });

  it('orc recovery ID shows the same steps over the API; an unknown id is the same coded error', async () => {
    const { cli, api } = await storeWithApi();
    const [listed] = JSON.parse((await orc('recoveries', '--json', '--config', cli.config)).out) as { id: string }[];
    if (!listed) return expect.fail('the store has no recovery: the test cannot compare');
    for (const json of [[], ['--json']]) {
      expect(await orcWithEnv({}, '--api', api.url, 'recovery', listed.id, ...json)).toEqual(await orc('recovery', listed.id, ...json, '--config', cli.config));
    }
    const missing = await orcWithEnv({}, '--api', api.url, 'recovery', 'no-such-id');
    expect(missing).toEqual(await orc('recovery', 'no-such-id', '--config', cli.config));
    expect(missing.code).toBe(1);
  });

  it('downtime begin/end over the API is audited as api:<credential name>, bearer or basic', async () => {
    const f = await apiFixture();
    const begun = await orcWithEnv(admin, '--api', f.api.url, 'downtime', 'begin', R1, '--for', '2h', '--reason', 'disk swap', '--json');
    expect(begun.err).toBe('');
    expect(JSON.parse(begun.out)).toMatchObject({ instance: R1, owner: 'api:ops', reason: 'disk swap', until: T0 + 2 * 3_600_000 });
    const ended = await orcWithEnv({ ORC_API_USER: BASIC_USER, ORC_API_PASSWORD: BASIC_PASSWORD }, '--api', f.api.url, 'downtime', 'end', R1);
    expect(ended).toEqual({ code: 0, out: `downtime of ${R1} ended\n`, err: '' });
    const audit = (await f.store.listAudit()).map((a) => [a.action, a.actor]);
    expect(audit).toEqual(expect.arrayContaining([expect.arrayContaining(['api:ops']), expect.arrayContaining(['api:carol'])]));
  });

  it('a takeover with fakes over the API promotes the replica and prints the recovery with its steps', async () => {
    const f = await apiFixture();
    const r = await orcWithEnv(admin, '--api', f.api.url, 'takeover', CLUSTER, '--to', R1);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^recovery \S+ {2}graceful-takeover {2}succeeded/);
    expect(r.out).toContain('by api:ops');
    expect(r.out).toContain('  steps:');
    expect(f.control.calls).toContain(`setReadOnly ${R1} OFF`);
  });

  it('a takeover that fails over the API prints its steps and the same coded error, exit 1', async () => {
    const f = await apiFixture();
    f.control.failOn('resetReplicaAll', R1);
    const r = await orcWithEnv(admin, '--api', f.api.url, 'takeover', CLUSTER, '--to', R1);
    expect(r.code).toBe(1);
    expect(r.out).toContain('  steps:');
    expect(r.err).toMatch(/^orc: takeover failed: .* \[orc_operation_failed\]\n$/);
  });

  it('no credential is 401 and a read credential on a mutation is 403, each as the coded line', async () => {
    const f = await apiFixture();
    const none = await orcWithEnv({}, '--api', f.api.url, 'clusters');
    expect(none).toEqual({ code: 1, out: '', err: 'orc: this API needs a credential: Authorization: Bearer TOKEN, or Basic [orc_unauthenticated]\n' });
    const wrong = await orcWithEnv({ ORC_API_TOKEN: 'not-the-token-at-all' }, '--api', f.api.url, 'clusters');
    expect(wrong.err).toBe('orc: wrong credential [orc_unauthenticated]\n');
    const viewer = { ORC_API_TOKEN: READ_TOKEN };
    expect((await orcWithEnv(viewer, '--api', f.api.url, 'clusters')).code).toBe(0);
    const mutation = await orcWithEnv(viewer, '--api', f.api.url, 'downtime', 'begin', P, '--for', '1h', '--reason', 'x');
    expect(mutation).toEqual({ code: 1, out: '', err: 'orc: credential "viewer" has the read role: mutations need admin [orc_forbidden]\n' });
    expect(await f.store.listDowntime(T0)).toEqual([]);
  });

  it('an unreachable URL is orc_unreachable naming the URL, never the token', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const r = await orcWithEnv({ ORC_API_TOKEN: 'very-secret-token-42' }, '--api', url, 'clusters');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^orc: cannot reach the orc API at ${url}: ECONNREFUSED \\[orc_unreachable\\]\\n$`));
    expect(r.out + r.err).not.toContain('very-secret-token-42');
  });

  it('commands without an API route refuse --api; a malformed URL is bad input', async () => {
    const f = await apiFixture();
    for (const args of [['serve'], ['errant', P]]) {
      const r = await orcWithEnv(admin, '--api', f.api.url, ...args);
      expect(r).toEqual({ code: 1, out: '', err: `orc: orc ${args[0]} has no API route: run it where the store is reachable, without --api or $ORC_API_URL [orc_bad_input]\n` });
    }
    expect((await orcWithEnv({}, '--api', 'not a url', 'clusters')).err).toMatch(/expected a URL .* \[orc_bad_input\]\n$/);
  });

  it('orc tui takes --api before or after its name (test/tui/api-dashboard.test.tsx drives the dashboard itself)', async () => {
    const f = await apiFixture();
    // Without a terminal the dashboard refuses to open: it got past the --api check, and nothing was read or changed.
    const noTty = { code: 1, out: '', err: 'orc: orc tui needs an interactive terminal: stdin is not a TTY [orc_bad_input]\n' };
    expect(await orcWithEnv(admin, '--api', f.api.url, 'tui')).toEqual(noTty);
    expect(await orcWithEnv(admin, 'tui', '--api', f.api.url, '--read-only')).toEqual(noTty);
    expect(await orcWithEnv({ ...admin, ORC_API_URL: f.api.url }, 'tui', '--refresh-ms', '250')).toEqual(noTty);
    expect((await orcWithEnv(admin, 'tui', '--api', f.api.url, '--refresh-ms', '1')).err).toMatch(/--refresh-ms "1": expected .* \[orc_bad_input\]\n$/);
    expect((await orcWithEnv(admin, 'tui', '--api', 'ftp://x')).err).toMatch(/expected an http or https URL \[orc_bad_input\]\n$/);
    expect(await f.store.listAudit()).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { newSeed, NO_RETRIES } from '../../../core/seeds/seed.js';
import { cliStore, type CliStore } from '../../support/cli-store.js';
import { fakeAgentInfo } from '../../support/fake-agent-client.js';
import { orc, orcWithEnv } from '../../support/run-orc.js';
import { apiFixture, READ_TOKEN } from '../api/api-fixture.js';
import { R2, T0 } from '../commands/command-fixture.js';
import { NEW, prepareSeeding } from '../commands/seed-fixture.js';
import { serveStoreApi } from './store-api.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const A = '127.0.0.1:3306';
const B = '127.0.0.1:3307';

/** A SQLite store with two seeds (one Running with retries, one Completed) and two agents, and an API over it. */
async function storeWithSeeds(): Promise<{ cli: CliStore; url: string }> {
  const cli = await cliStore();
  cleanups.push(() => cli.close());
  const now = Date.now();
  const base = newSeed({ id: 'seed-old', method: 'dump', source: parseInstanceKey(A), target: parseInstanceKey(B), now: now - 60_000 });
  await cli.store.createSeed({ ...base, status: 'Completed', stage: 'Cleanup', startedAt: now - 59_000, endedAt: now - 30_000, updatedAt: now - 30_000 });
  const running = newSeed({ id: 'seed-new', method: 'mariabackup', source: parseInstanceKey(A), target: parseInstanceKey('127.0.0.1:3320'), now: now - 10_000 });
  await cli.store.createSeed({
    ...running,
    stage: 'Backup',
    status: 'Running',
    retries: { ...NO_RETRIES, Prepare: 1, Backup: 2 },
    bytesCopied: 3 * 2 ** 30,
    startedAt: now - 9000,
    progressAt: now - 1000,
    updatedAt: now - 1000,
    error: 'Backup made no progress',
  });
  await cli.store.appendSeedState({ seedId: 'seed-new', at: now - 10_000, agent: null, stage: 'Prepare', status: 'Scheduled', details: 'requested by cli:alice' });
  await cli.store.appendSeedState({ seedId: 'seed-new', at: now - 9000, agent: 'source', stage: 'Backup', status: 'Running', details: 'Backup started on source' });
  await cli.store.registerAgent({ instance: parseInstanceKey(A), url: 'http://127.0.0.1:7070', lastSeenAt: now - 2000, info: fakeAgentInfo('127.0.0.1', 3306, { activeSeed: 'seed-new' }) });
  await cli.store.registerAgent({ instance: parseInstanceKey(B), url: 'https://db-b.example:7443', lastSeenAt: now - 600_000, info: fakeAgentInfo('127.0.0.1', 3307, { methods: ['dump'] }) });
  const api = await serveStoreApi(cli.config, cleanups);
  return { cli, url: api.url };
}

describe('orc seed list|show|abort and orc agents', () => {
  it('print aligned columns, and the same text and --json over --api', async () => {
    const { cli, url } = await storeWithSeeds();
    const list = await orc('seed', 'list', '--config', cli.config);
    expect(list).toMatchObject({ code: 0, err: '' });
    const lines = list.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +METHOD +SOURCE +TARGET +STAGE +STATUS +RETRIES +COPIED +CREATED$/);
    expect(lines[1]).toMatch(/^seed-new +mariabackup +127\.0\.0\.1:3306 +127\.0\.0\.1:3320 +Backup +Running +3 +3\.0 GiB +\d{4}-/);
    expect(lines[2]).toMatch(/^seed-old +dump +127\.0\.0\.1:3306 +127\.0\.0\.1:3307 +Cleanup +Completed +0 +0 B +\d{4}-/);
    expect(lines[1]!.indexOf('Backup')).toBe(lines[0]!.indexOf('STAGE'));
    expect((await orc('seed', 'list', '--active', '--config', cli.config)).out.trimEnd().split('\n')).toHaveLength(2);

    const show = await orc('seed', 'show', 'seed-new', '--config', cli.config);
    expect(show.out).toContain('seed seed-new: mariabackup of 127.0.0.1:3320 from 127.0.0.1:3306\n  Running at Backup, 3.0 GiB copied in this stage\n  retries: Prepare 1, Backup 2\n');
    expect(show.out).toContain('  error: Backup made no progress\ntimeline:\n');
    expect(show.out).toMatch(/ {2}AT +BY +STATE +DETAILS\n {2}\S+ +orc +Scheduled\/Prepare +requested by cli:alice\n {2}\S+ +source +Running\/Backup +Backup started on source\n$/);

    const agents = await orc('agents', '--config', cli.config);
    const agentLines = agents.out.trimEnd().split('\n');
    expect(agentLines[0]).toMatch(/^INSTANCE +URL +LAST SEEN +HEALTH +METHODS +DISK FREE +ACTIVE SEED$/);
    expect(agentLines[1]).toMatch(/^127\.0\.0\.1:3306 +http:\/\/127\.0\.0\.1:7070 +[23]s ago +healthy +mariabackup,dump +100\.0 GiB +seed-new$/);
    expect(agentLines[2]).toMatch(/^127\.0\.0\.1:3307 +https:\/\/db-b\.example:7443 +10m0\ds ago +stale +dump +100\.0 GiB +-$/);

    const ageless = (r: { code: number; out: string; err: string }) => ({ ...r, out: r.out.replace(/"ageMs": \d+/g, '"ageMs": 0').replace(/\d+s ago/g, 'Ns ago') });
    for (const args of [['seed', 'list'], ['seed', 'list', '--active'], ['seed', 'show', 'seed-new'], ['agents']]) {
      for (const json of [[], ['--json']]) {
        const direct = await orc(...args, ...json, '--config', cli.config);
        expect(direct.code, `${args.join(' ')}: ${direct.err}`).toBe(0);
        expect(ageless(await orcWithEnv({ ORC_API_URL: url }, ...args, ...json))).toEqual(ageless(direct));
      }
    }
  });

  it('--json has exactly the documented fields', async () => {
    const { cli } = await storeWithSeeds();
    const [s] = JSON.parse((await orc('seed', 'list', '--json', '--config', cli.config)).out);
    expect(Object.keys(s).sort()).toEqual(['abortRequested', 'bytesCopied', 'createdAt', 'endedAt', 'error', 'id', 'method', 'retries', 'source', 'stage', 'startedAt', 'status', 'target', 'updatedAt']);
    expect(s).toMatchObject({ id: 'seed-new', method: 'mariabackup', source: A, target: '127.0.0.1:3320', stage: 'Backup', status: 'Running', bytesCopied: 3 * 2 ** 30, endedAt: null });
    expect(s.retries).toEqual({ Prepare: 1, Backup: 2, Restore: 0, ConnectReplica: 0, Cleanup: 0, total: 3 });
    const shown = JSON.parse((await orc('seed', 'show', 'seed-new', '--json', '--config', cli.config)).out);
    expect(shown.history).toEqual([
      { at: expect.any(String), agent: null, stage: 'Prepare', status: 'Scheduled', details: 'requested by cli:alice' },
      { at: expect.any(String), agent: 'source', stage: 'Backup', status: 'Running', details: 'Backup started on source' },
    ]);
    const [agent] = JSON.parse((await orc('agents', '--json', '--config', cli.config)).out);
    expect(agent).toEqual({
      instance: A,
      url: 'http://127.0.0.1:7070',
      lastSeen: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ageMs: expect.any(Number),
      fresh: true,
      healthy: true,
      serverRunning: true,
      methods: ['mariabackup', 'dump'],
      diskFree: 100 * 2 ** 30,
      activeSeed: 'seed-new',
    });
  });

  it('abort flags an active seed (audited as cli:<user>), refuses an ended one, and an unknown id is orc_unknown_seed', async () => {
    const { cli } = await storeWithSeeds();
    expect(await orc('seed', 'abort', 'seed-new', '--config', cli.config)).toEqual({ code: 0, out: 'abort of seed seed-new requested (Running at Backup); the seed loop stops it\n', err: '' });
    expect((await cli.store.getSeed('seed-new'))?.abortRequested).toBe(true);
    expect((await cli.store.listAudit())[0]).toMatchObject({ action: 'seed-abort', actor: expect.stringMatching(/^cli:/), outcome: 'ok' });
    expect(await orc('seed', 'abort', 'seed-old', '--config', cli.config)).toEqual({ code: 1, out: '', err: 'orc: seed seed-old is Completed: only an active seed can be aborted [orc_refused]\n' });
    expect(await orc('seed', 'show', 'nope', '--config', cli.config)).toEqual({ code: 1, out: '', err: 'orc: unknown seed "nope" (orc seed list shows them) [orc_unknown_seed]\n' });
  });

  it('start on the store refuses with one line listing every reason, and why, when no agent registered and no server answers', async () => {
    const { cli } = await storeWithSeeds();
    const r = await orc('seed', 'start', '--method', 'mariabackup', '--source', '127.0.0.1:3321', '--target', '127.0.0.1:3322', '--config', cli.config);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^orc: mariabackup seed of 127\.0\.0\.1:3322 from 127\.0\.0\.1:3321 refused: the source agent cannot be reached; the target agent cannot be reached; the source server cannot be read; the target server cannot be read \(no agent registered for 127\.0\.0\.1:3321; no agent registered for 127\.0\.0\.1:3322; orc_unreachable: 127\.0\.0\.1:3321: connect ECONNREFUSED; orc_unreachable: 127\.0\.0\.1:3322: connect ECONNREFUSED\) \[orc_refused\]\n$/);
    expect((await cli.store.listSeeds()).map((s) => s.id)).toEqual(['seed-new', 'seed-old']);
  });
});

describe('orc seed start over --api', () => {
  it('prints the new seed id, or the seed with --json; needs an admin credential', async () => {
    const f = await apiFixture({ config: { agents: { token: 'agent-token-0123456789' } } });
    await prepareSeeding(f);
    const args = ['seed', 'start', '--method', 'mariabackup', '--source', R2, '--target', NEW];
    const denied = await orcWithEnv({ ORC_API_TOKEN: READ_TOKEN }, '--api', f.api.url, ...args);
    expect(denied).toMatchObject({ code: 1, out: '' });
    expect(denied.err).toContain('[orc_forbidden]');
    const started = await orcWithEnv({ ORC_API_TOKEN: 'admin-token-0123456789' }, '--api', f.api.url, ...args);
    expect(started.err).toBe('');
    const [seed] = await f.store.listSeeds();
    expect(started.out).toBe(`${seed!.id}\n`);
    await f.store.forgetAgent(parseInstanceKey(NEW));
    const refused = await orcWithEnv({ ORC_API_TOKEN: 'admin-token-0123456789' }, '--api', f.api.url, ...args, '--json');
    expect(refused.err).toMatch(/the target agent cannot be reached; the target 127\.0\.0\.1:3320 is the target of active seed .* \(no agent registered for 127\.0\.0\.1:3320\) \[orc_refused\]\n$/);
    await f.store.updateSeed({ ...seed!, status: 'Failed', endedAt: T0 }, { status: 'Scheduled', stage: 'Prepare' });
    await prepareSeeding(f);
    const json = await orcWithEnv({ ORC_API_TOKEN: 'admin-token-0123456789' }, '--api', f.api.url, ...args, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ method: 'mariabackup', source: R2, target: NEW, stage: 'Prepare', status: 'Scheduled', retries: { total: 0 }, bytesCopied: 0 });
  });
});

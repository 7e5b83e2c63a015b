import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killAgent, labStatus, startAgent, stopServer, startServer, type LabInstance } from '../../../ci-env/lab.js';
import { startSeed } from '../../../core/commands/start-seed.js';
import type { SeedCommandContext } from '../../../core/commands/seed-command-context.js';
import { OrcError } from '../../../core/errors.js';
import { agentClientFor } from '../../../src/agent-client/agent-client-factory.js';
import { seedDataChecksums } from '../../support/seed-data.js';
import { awaitSeedEnd, useSeedLab } from '../../support/seed-lab.js';
import { LAB_PORTS } from '../../support/ports.js';
import { orc as runOrc } from '../../support/run-orc.js';
import { adminQuery, until } from '../../support/service-harness.js';

const LAB = 't-seed-faults';
const SMALL_FS_MB = 160;
let smallFs: string | null = null;
const setup = useSeedLab(LAB, LAB_PORTS.seedFaults, { replicas: 1, spares: 3, dataMb: 400 }, async (lab) => {
  // A test that failed half way may have left the bind mount on the spare's datadir: the lab cannot be removed over it.
  if (!smallFs) return;
  const spare = lab.instances.filter((i) => i.role === 'spare')[2];
  if (spare) spawnSync('umount', [spare.datadir]);
  spawnSync('umount', [smallFs]);
});

function ctx(): SeedCommandContext {
  return { ...setup.orc.commands, store: setup.orc.store, agentClient: agentClientFor(setup.orc.config) };
}

const key = (i: LabInstance) => `127.0.0.1:${i.port}`;
const primary = () => setup.lab.instances.find((i) => i.role === 'primary')!;
const replica = () => setup.lab.instances.find((i) => i.role !== 'primary' && i.role !== 'spare')!;
const spares = () => setup.lab.instances.filter((i) => i.role === 'spare');

/** Starts a mariabackup seed and resolves once the source agent has streamed some MB of Backup (a moment picked by the data, not a timer). */
async function seedInMidBackup(target: LabInstance): Promise<string> {
  const seed = await startSeed(ctx(), { method: 'mariabackup', source: key(primary()), target: key(target) });
  const agent = setup.lab.agents.find((a) => a.serverPort === primary().port)!;
  const client = agentClientFor(setup.orc.config);
  await until('the source agent to be streaming Backup', async () => {
    const status = await client.stageStatus({ url: agent.url }, seed.id, 'Backup').catch(() => null);
    return status?.state === 'running' && status.bytes > 8 * 2 ** 20;
  }, 60_000, 10).catch(async (err: Error) => {
    const history = (await setup.orc.store.listSeedStates(seed.id)).map((r) => `${r.stage} ${r.status} ${r.agent ?? 'orc'}: ${r.details}`);
    throw new Error(`${err.message}\n${history.join('\n')}`);
  });
  return seed.id;
}

/** The refusal codes of a seed start that must be refused, after checking it created nothing. */
async function refusalCodes(method: string, source: string, target: string): Promise<string[]> {
  const before = (await setup.orc.store.listSeeds()).length;
  const err = await startSeed(ctx(), { method, source, target }).then(() => null, (e: unknown) => e);
  expect(err, `${method} ${source} -> ${target} must be refused`).toBeInstanceOf(OrcError);
  expect((err as OrcError).code).toBe('orc_refused');
  expect((await setup.orc.store.listSeeds()).length).toBe(before);
  return ((err as OrcError).details.refusals as { code: string }[]).map((r) => r.code);
}

describe('seeds when operators break things', () => {
  it('kill -9 of the target agent in the middle of Backup: the seed retries and completes', { timeout: 300_000 }, async () => {
    const target = spares()[0]!;
    const id = await seedInMidBackup(target);
    await killAgent(LAB, target.port);
    await startAgent(LAB, target.port);
    const seed = await awaitSeedEnd(setup.orc.store, id, 240_000);
    expect(seed, JSON.stringify(await setup.orc.store.listSeedStates(id))).toMatchObject({ status: 'Completed' });
    expect(seed.retries.Backup + seed.retries.Prepare).toBeGreaterThanOrEqual(1);
    const source = { port: primary().port, user: setup.lab.user, password: setup.lab.password };
    const copy = { port: target.port, user: setup.lab.user, password: setup.lab.password };
    await until('the re-seeded target to hold the source data', async () => JSON.stringify(await seedDataChecksums(copy)) === JSON.stringify(await seedDataChecksums(source)), 30_000, 250);
  });

  it('abort in the middle of Backup: Failed, the target agent cleaned up and back as it was, the target released', { timeout: 300_000 }, async () => {
    const target = spares()[1]!;
    const id = await seedInMidBackup(target);
    const run = await runOrc('seed', 'abort', id, '--config', setup.lab.config);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const seed = await awaitSeedEnd(setup.orc.store, id, 120_000);
    expect(seed).toMatchObject({ status: 'Failed' });
    const history = (await setup.orc.store.listSeedStates(id)).map((r) => r.details).join('\n');
    expect(history).toContain('aborted by an operator');
    // The target is the empty server it was: running, none of the source's data, no copy kept aside, not replicating.
    const agent = setup.lab.agents.find((a) => a.serverPort === target.port)!;
    const info = await until('the target agent to be free and its server up', async () => {
      const i = await agentClientFor(setup.orc.config).info({ url: agent.url });
      return i.activeSeed === null && i.serverRunning ? i : null;
    }, 60_000, 250);
    expect(info.databases.map((d) => d.name)).not.toContain('seeddata');
    expect(await adminQuery(setup.lab, target.port, 'SHOW SLAVE STATUS')).toEqual([]);
    const parent = join(target.datadir, '..');
    expect(readdirSync(parent).filter((f) => f.includes('orc-seed'))).toEqual([]);
    expect((await setup.orc.store.listDowntime(Date.now())).filter((d) => d.instance.port === target.port)).toEqual([]);
    expect((await labStatus(LAB)).instances.find((i) => i.port === target.port)?.alive).toBe(true);
  });

  it('every pre-seed check refuses with its reason and creates nothing', { timeout: 120_000 }, async () => {
    const [spareA, , spareC] = spares();
    expect(await refusalCodes('mariabackup', key(primary()), key(primary()))).toContain('self-seed');
    expect(await refusalCodes('rsync', key(primary()), key(spareA!))).toContain('unknown-method');
    expect(await refusalCodes('mariabackup', key(primary()), key(replica()))).toContain('target-is-replica');
    expect(await refusalCodes('mariabackup', key(spareA!), key(primary()))).toContain('target-has-replicas');

    // An agent already busy: the source agent takes part in a running seed.
    const busy = await seedInMidBackup(spares()[1]!);
    const whileBusy = await refusalCodes('mariabackup', key(primary()), key(spareC!));
    expect(whileBusy).toContain('agent-busy');
    await runOrc('seed', 'abort', busy, '--config', setup.lab.config);
    await awaitSeedEnd(setup.orc.store, busy, 120_000);

    // Not enough space: the third spare's datadir moves onto a small file system; the source holds 400 MB.
    smallFs = mkdtempSync(join(tmpdir(), 'orc-seed-smallfs-'));
    await stopServer(LAB, spareC!.port);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${SMALL_FS_MB}m`, 'tmpfs', smallFs]);
    expect(mount.status, String(mount.stderr)).toBe(0);
    expect(spawnSync('cp', ['-a', `${spareC!.datadir}/.`, smallFs]).status).toBe(0);
    expect(spawnSync('mount', ['--bind', smallFs, spareC!.datadir]).status).toBe(0);
    await startServer(LAB, spareC!.port);
    const codes = await until('the small file system to be reported', async () => {
      const list = await refusalCodes('mariabackup', key(primary()), key(spareC!));
      return list.includes('not-enough-space') ? list : null;
    }, 30_000, 500);
    expect(codes).toContain('not-enough-space');
    await stopServer(LAB, spareC!.port);
    spawnSync('umount', [spareC!.datadir]);
    expect(existsSync(spareC!.datadir)).toBe(true);

  });

  it('an agent request without the token, or with a wrong one, is refused', async () => {
    const agent = setup.lab.agents[0]!;
    const none = await fetch(`${agent.url}/api/info`);
    expect(none.status).toBe(401);
    const wrong = await fetch(`${agent.url}/api/seeds/x/abort`, { method: 'POST', headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${agent.url}/api/info`, { headers: { authorization: `Bearer ${setup.lab.agentToken}` } });
    expect(right.status).toBe(200);
  });
});

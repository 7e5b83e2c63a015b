import { describe, expect, it } from 'vitest';
import { labStatus } from '../../../ci-env/lab.js';
import { seedDataChecksums } from '../../support/seed-data.js';
import { awaitSeedEnd, useSeedLab } from '../../support/seed-lab.js';
import { LAB_PORTS } from '../../support/ports.js';
import { orc as runOrc } from '../../support/run-orc.js';
import { adminQuery, until } from '../../support/service-harness.js';

const LAB = 't-seed-methods';
const setup = useSeedLab(LAB, LAB_PORTS.seedMethods, { replicas: 1, spares: 2, dataMb: 200 });

/** Seeds one spare from the primary with the method through `orc seed start`, then checks its data and replication. */
async function seedSpare(method: string, spareIndex: number): Promise<void> {
  const { lab, orc } = setup;
  const primary = lab.instances.find((i) => i.role === 'primary')!;
  const spare = lab.instances.filter((i) => i.role === 'spare')[spareIndex]!;
  const started = Date.now();
  const run = await runOrc('seed', 'start', '--config', lab.config, '--method', method, '--source', `127.0.0.1:${primary.port}`, '--target', `127.0.0.1:${spare.port}`);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  const id = run.out.trim();
  expect(id).toMatch(/^[A-Za-z0-9_-]{8,}$/);
  const seed = await awaitSeedEnd(orc.store, id, 240_000);
  const seconds = (Date.now() - started) / 1000;
  expect(seed, JSON.stringify(await orc.store.listSeedStates(id))).toMatchObject({ status: 'Completed', stage: 'Cleanup', error: null });
  process.stdout.write(`seed-methods: ${method} copied ${(setup.dataBytes / 1e6).toFixed(0)} MB of data in ${seconds.toFixed(1)} s\n`);

  // Replicating from the source with GTID, and holding exactly the source's data once caught up.
  const status = (await adminQuery(lab, spare.port, 'SHOW SLAVE STATUS')) as Record<string, unknown>[];
  expect(status[0]).toMatchObject({ Master_Port: primary.port, Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Using_Gtid: 'Slave_Pos' });
  await adminQuery(lab, primary.port, 'INSERT INTO seeddata.narrow VALUES (1000000 + @@server_id + ' + spareIndex + ", 'after the seed')");
  const source = { port: primary.port, user: lab.user, password: lab.password };
  const target = { port: spare.port, user: lab.user, password: lab.password };
  await until('the target to hold the source data', async () => JSON.stringify(await seedDataChecksums(target)) === JSON.stringify(await seedDataChecksums(source)), 30_000, 250);

  // The history shows every stage, the target's downtime is over and both agents are free again.
  const history = (await orc.store.listSeedStates(id)).map((r) => `${r.stage} ${r.status}`);
  for (const stage of ['Prepare', 'Backup', 'Restore', 'ConnectReplica', 'Cleanup']) expect(history.join('\n')).toContain(stage);
  expect((await orc.store.listDowntime(Date.now())).filter((d) => d.instance.port === spare.port)).toEqual([]);
  const status2 = await labStatus(LAB);
  expect(status2.instances.find((i) => i.port === spare.port)?.alive).toBe(true);
  await until('both agents to be free', async () => {
    const agents = await orc.store.listAgents();
    return agents.filter((a) => [primary.port, spare.port].includes(a.instance.port)).every((a) => a.info.activeSeed === null);
  }, 30_000, 250);
}

describe('seeding an empty server from a 200 MB source through the agents', () => {
  it('mariabackup: streams, prepares, starts, and the target replicates from the source with GTID', { timeout: 300_000 }, async () => {
    await seedSpare('mariabackup', 0);
  });

  it('dump: the target pulls a consistent dump, loads it without binlog, and replicates from the source', { timeout: 300_000 }, async () => {
    await seedSpare('dump', 1);
  });

  it('orc seed list and show --json carry the interface fields', async () => {
    const list = await runOrc('seed', 'list', '--config', setup.lab.config, '--json');
    expect(list.code).toBe(0);
    const seeds = JSON.parse(list.out) as Record<string, unknown>[];
    expect(seeds).toHaveLength(2);
    for (const s of seeds) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['id', 'method', 'source', 'target', 'stage', 'status', 'retries', 'bytesCopied']));
      expect(s.status).toBe('Completed');
    }
    const show = await runOrc('seed', 'show', String(seeds[0]!.id), '--config', setup.lab.config, '--json');
    expect(show.code).toBe(0);
    expect(JSON.parse(show.out)).toMatchObject({ id: seeds[0]!.id, status: 'Completed' });
  });
});

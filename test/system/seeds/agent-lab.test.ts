import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { killAgent, labDown, labInfo, labUp, startAgent, type LabInfo } from '../../../ci-env/lab.js';
import { withSocket, sqlRows } from '../../../ci-env/sql-socket.js';
import { OperationError, RefusedError } from '../../../core/errors.js';
import { createHttpAgentClient } from '../../../src/agent-client/http-agent-client.js';
import { cmdlineOf } from '../../../src/agent/proc-files.js';
import { LAB_PORTS } from '../../support/ports.js';
import { rows, withAdmin } from '../lab/lab-test-support.js';
import { SeedDriver } from './agent-seed-driver.js';

const NAME = 't-agent-lab';
const BASE = LAB_PORTS.agentLab;
const PRIMARY = BASE;
const SPARE1 = BASE + 2;
const SPARE2 = BASE + 3;
const MB = 1024 * 1024;

/** Table checksums of the lab's data set on one server. */
async function checksums(info: LabInfo, port: number): Promise<Record<string, unknown>> {
  const r = await withAdmin(info, port, (c) => rows(c, 'CHECKSUM TABLE orc_lab.big, orc_lab.small'));
  return Object.fromEntries(r.map((x) => [String(x.Table), x.Checksum]));
}

/** Makes a seeded server a replica of the primary from the copy's GTID position, as orc's ConnectReplica will. */
async function connectReplica(info: LabInfo, port: number, gtid: string): Promise<void> {
  await withAdmin(info, port, async (c) => {
    await rows(c, 'SET GLOBAL gtid_slave_pos = ?', [gtid]);
    await rows(
      c,
      "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = ?, MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1",
      [PRIMARY, info.replicationUser, info.replicationPassword],
    );
    await rows(c, 'START SLAVE');
  });
}

/** Writes on the primary and waits until the replica on port applied it (MASTER_GTID_WAIT), with both threads running. */
async function replicates(info: LabInfo, port: number): Promise<void> {
  const stamp = `after-seed-${port}-${Date.now()}`;
  await withAdmin(info, PRIMARY, (c) => rows(c, 'INSERT INTO orc_lab.small (note) VALUES (?)', [stamp]));
  const [pos] = await withAdmin(info, PRIMARY, (c) => rows(c, 'SELECT @@gtid_binlog_pos AS pos'));
  const [waited] = await withAdmin(info, port, (c) => rows(c, 'SELECT MASTER_GTID_WAIT(?, 20) AS r', [pos?.pos]));
  expect(waited?.r).toBe(0);
  const [status] = await withAdmin(info, port, (c) => rows(c, 'SHOW SLAVE STATUS'));
  expect(status).toMatchObject({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Last_SQL_Errno: 0 });
  const [seen] = await withAdmin(info, port, (c) => rows(c, 'SELECT COUNT(*) AS n FROM orc_lab.small WHERE note = ?', [stamp]));
  expect(seen?.n).toBe(1);
}

/** The pid of an mbstream extracting into datadir, or null. */
function extractorInto(datadir: string): number | null {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const argv = cmdlineOf(pid);
    if (argv?.[0]?.endsWith('mbstream') && argv.includes(datadir)) return pid;
  }
  return null;
}

describe('seed agents on a lab (driven directly through the HTTP agent client)', () => {
  let info: LabInfo;
  let client: ReturnType<typeof createHttpAgentClient>;

  beforeAll(async () => {
    await labDown(NAME);
    const started = performance.now();
    info = await labUp({ name: NAME, basePort: BASE, replicas: 1, chain: 0, spares: 2, agents: true });
    console.log(`lab with 4 servers and 4 agents up in ${Math.round(performance.now() - started)} ms`);
    client = createHttpAgentClient({ token: info.agentToken!, requestTimeoutMs: 10_000 });
    const filled = performance.now();
    await withAdmin(info, PRIMARY, async (c) => {
      await rows(c, 'CREATE TABLE orc_lab.big (id INT AUTO_INCREMENT PRIMARY KEY, pad VARCHAR(1000) NOT NULL) ENGINE=InnoDB');
      await rows(c, 'CREATE TABLE orc_lab.small (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(100)) ENGINE=InnoDB');
      await rows(c, "INSERT INTO orc_lab.small (note) VALUES ('before the seeds')");
      await rows(c, 'INSERT INTO orc_lab.big (pad) VALUES (REPEAT(MD5(RAND()), 25))');
      // Doubling with fresh random text each time: 2^15 rows of 800 bytes, about 26 MB that do not compress away.
      for (let i = 0; i < 15; i++) await rows(c, 'INSERT INTO orc_lab.big (pad) SELECT REPEAT(MD5(RAND()), 25) FROM orc_lab.big');
    });
    console.log(`data set of 32768 rows made in ${Math.round(performance.now() - filled)} ms`);
  }, 120_000);

  afterAll(async () => {
    await labDown(NAME);
  });

  it('refuses a request without the token or with a wrong one (401), and answers the right one', async () => {
    const url = info.agents.find((a) => a.serverPort === SPARE1)!.url;
    const bare = await fetch(`${url}/api/info`);
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { error: { code: string } }).error.code).toBe('orc_unauthenticated');
    const wrong = await fetch(`${url}/api/seeds/x/abort`, { method: 'POST', headers: { authorization: `Bearer ${info.agentToken!}x` } });
    expect(wrong.status).toBe(401);
    await expect(createHttpAgentClient({ token: 'not-the-token-0123456789', requestTimeoutMs: 5000 }).info({ url })).rejects.toBeInstanceOf(OperationError);
    const spare = await client.info({ url });
    expect(spare).toMatchObject({ host: '127.0.0.1', mysqlPort: SPARE1, methods: ['mariabackup', 'dump'], databases: [], activeSeed: null, serverRunning: true });
    const primary = await client.info({ url: info.agents[0]!.url });
    expect(primary.databases).toEqual([{ name: 'orc_lab', engines: ['innodb'], bytes: expect.any(Number) }]);
    expect(primary.databases[0]!.bytes).toBeGreaterThan(20 * MB);
  });

  it('seeds spare 1 from the primary with mariabackup, stage by stage; the copy replicates and matches', async () => {
    const seed = new SeedDriver(client, info, 'physical-1', 'mariabackup', PRIMARY, SPARE1);
    await seed.run('Prepare', ['target', 'source']);
    expect((await client.info(seed.target)).activeSeed).toBe('physical-1');
    // One seed at a time: the busy target refuses another one.
    const other = new SeedDriver(client, info, 'other', 'dump', PRIMARY, SPARE1);
    await expect(client.startStage(other.target, other.request('Prepare', 'target'))).rejects.toBeInstanceOf(RefusedError);
    const backup = await seed.run('Backup', ['source']);
    const streamed = backup.reports[0]!.bytes;
    console.log(`mariabackup: ${(streamed / MB).toFixed(1)} MB streamed in ${Math.round(backup.ms)} ms = ${(streamed / MB / (backup.ms / 1000)).toFixed(1)} MB/s`);
    expect(streamed).toBeGreaterThan(20 * MB);
    const restore = await seed.run('Restore', ['target']);
    console.log(`mariabackup restore (prepare + server start): ${Math.round(restore.ms)} ms`);
    const metadata = await client.metadata(seed.target, 'physical-1');
    expect(metadata.gtid).toMatch(/^0-\d+-\d+$/);
    expect(metadata.binlogFile).toMatch(/^mariadb-bin\.\d+$/);
    await connectReplica(info, SPARE1, metadata.gtid);
    await seed.run('Cleanup', ['target', 'source']);
    const spareDir = dirname(info.instances.find((i) => i.port === SPARE1)!.datadir);
    expect(readdirSync(dirname(spareDir)).filter((f) => f.includes('orc-seed'))).toEqual([]);
    expect(readdirSync(spareDir).filter((f) => f.includes('orc-seed'))).toEqual([]);
    expect((await client.info(seed.target)).activeSeed).toBeNull();
    await replicates(info, SPARE1);
    expect(await checksums(info, SPARE1)).toEqual(await checksums(info, PRIMARY));
  });

  it('puts the target back as it was when a physical seed is aborted during Backup, also across an agent restart', async () => {
    await withSocket(info.instances.find((i) => i.port === SPARE2)!.socket, async (c) => {
      await sqlRows(c, 'SET SESSION sql_log_bin = 0');
      await sqlRows(c, 'CREATE DATABASE keep_me');
      await sqlRows(c, "CREATE TABLE keep_me.t (v VARCHAR(20)) AS SELECT 'old data' AS v");
    });
    const seed = new SeedDriver(client, info, 'aborted-1', 'mariabackup', PRIMARY, SPARE2);
    await seed.run('Prepare', ['target', 'source']);
    // The target's agent dies and comes back: it still knows its seed, and refuses another one.
    await killAgent(NAME, SPARE2);
    await startAgent(NAME, SPARE2);
    expect((await client.info(seed.target)).activeSeed).toBe('aborted-1');
    expect((await client.stageStatus(seed.target, 'aborted-1', 'Prepare')).state).toBe('completed');
    expect(await client.stageStatus(seed.target, 'aborted-1', 'Restore')).toMatchObject({ state: 'error', error: expect.stringMatching(/no record .*agent restarted/) });
    const other = new SeedDriver(client, info, 'other', 'mariabackup', PRIMARY, SPARE2);
    await expect(client.startStage(other.target, other.request('Prepare', 'target'))).rejects.toThrow(/busy with seed aborted-1/);
    // Prepare again after the restart (a retry): the original stays aside, untouched.
    await seed.run('Prepare', ['target']);
    // The copy flows from mariabackup to mbstream through the kernel: a frozen mbstream takes the first megabytes
    // into its socket buffers, then mariabackup blocks, so Backup surely runs when the source is aborted.
    const spareDatadir = info.instances.find((i) => i.port === SPARE2)!.datadir;
    await seed.start('Backup', ['source']);
    const mbstream = await vi.waitFor(
      () => {
        const pid = extractorInto(spareDatadir);
        expect(pid).not.toBeNull();
        return pid!;
      },
      { timeout: 20_000, interval: 2 },
    );
    process.kill(mbstream, 'SIGSTOP');
    try {
      await vi.waitFor(
        async () => {
          const s = await client.stageStatus(seed.source, 'aborted-1', 'Backup');
          expect(s.state).toBe('running');
          expect(s.bytes).toBeGreaterThan(0);
        },
        { timeout: 20_000, interval: 50 },
      );
      await client.abort(seed.source, 'aborted-1');
    } finally {
      try {
        process.kill(mbstream, 'SIGCONT');
      } catch {
        // already killed
      }
    }
    expect(await client.stageStatus(seed.source, 'aborted-1', 'Backup')).toMatchObject({ state: 'error', error: expect.stringMatching(/stopped/) });
    await client.abort(seed.target, 'aborted-1');
    await client.abort(seed.target, 'aborted-1');
    const target = await client.info(seed.target);
    expect(target).toMatchObject({ activeSeed: null, serverRunning: true });
    expect(target.databases.map((d) => d.name)).toEqual(['keep_me']);
    const [kept] = await withAdmin(info, SPARE2, (c) => rows(c, 'SELECT v FROM keep_me.t'));
    expect(kept?.v).toBe('old data');
    const datadir = info.instances.find((i) => i.port === SPARE2)!.datadir;
    expect(existsSync(`${datadir}.orc-seed-aborted-1`)).toBe(false);
  });

  it('seeds spare 2 from the primary with the dump method; the copy replicates and matches', async () => {
    const seed = new SeedDriver(client, info, 'logical-1', 'dump', PRIMARY, SPARE2);
    await seed.run('Prepare', ['target', 'source']);
    const backup = await seed.run('Backup', ['target']);
    const dumped = backup.reports[0]!.bytes;
    console.log(`dump: ${(dumped / MB).toFixed(1)} MB of SQL loaded in ${Math.round(backup.ms)} ms = ${(dumped / MB / (backup.ms / 1000)).toFixed(1)} MB/s`);
    expect(dumped).toBeGreaterThan(20 * MB);
    await seed.run('Restore', ['target']);
    const metadata = await client.metadata(seed.target, 'logical-1');
    expect(metadata.gtid).toMatch(/^0-\d+-\d+$/);
    await connectReplica(info, SPARE2, metadata.gtid);
    await seed.run('Cleanup', ['target', 'source']);
    const databases = (await client.info(seed.target)).databases.map((d) => d.name);
    expect(databases).toEqual(['orc_lab']);
    await replicates(info, SPARE2);
    expect(await checksums(info, SPARE2)).toEqual(await checksums(info, PRIMARY));
    // Every server answers through its agent with no seed left.
    for (const a of (await labInfo(NAME)).agents) expect((await client.info({ url: a.url })).activeSeed).toBeNull();
  });
});

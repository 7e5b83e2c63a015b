import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { killAgent, labDown, labUp, startAgent, type LabInfo } from '../../../ci-env/lab.js';
import { sqlRows, withSocket } from '../../../ci-env/sql-socket.js';
import { createHttpAgentClient } from '../../../src/agent-client/http-agent-client.js';
import { LAB_PORTS } from '../../support/ports.js';
import { rows, withAdmin } from '../lab/lab-test-support.js';
import { SeedDriver } from './agent-seed-driver.js';

const NAME = 't-agent-restart';
const BASE = LAB_PORTS.agentRestart;
const PRIMARY = BASE;
const SPARE = BASE + 1;

describe('a target agent killed (-9) while it receives a physical copy', () => {
  let info: LabInfo;
  let client: ReturnType<typeof createHttpAgentClient>;

  beforeAll(async () => {
    await labDown(NAME);
    info = await labUp({ name: NAME, basePort: BASE, replicas: 0, chain: 0, spares: 1, agents: true });
    client = createHttpAgentClient({ token: info.agentToken!, requestTimeoutMs: 10_000 });
    await withAdmin(info, PRIMARY, async (c) => {
      await rows(c, 'CREATE TABLE orc_lab.big (id INT AUTO_INCREMENT PRIMARY KEY, pad VARCHAR(1000) NOT NULL)');
      await rows(c, 'INSERT INTO orc_lab.big (pad) VALUES (REPEAT(MD5(RAND()), 25))');
      for (let i = 0; i < 15; i++) await rows(c, 'INSERT INTO orc_lab.big (pad) SELECT REPEAT(MD5(RAND()), 25) FROM orc_lab.big');
    });
    await withSocket(info.instances.find((i) => i.port === SPARE)!.socket, async (c) => {
      await sqlRows(c, 'SET SESSION sql_log_bin = 0');
      await sqlRows(c, 'CREATE DATABASE keep_me');
    });
  }, 120_000);

  afterAll(async () => {
    await labDown(NAME);
  });

  it('comes back knowing its seed, refuses to start on the half-written copy, and a new Prepare keeps the original aside', async () => {
    const seed = new SeedDriver(client, info, 'restart-1', 'mariabackup', PRIMARY, SPARE);
    const datadir = info.instances.find((i) => i.port === SPARE)!.datadir;
    const aside = `${datadir}.orc-seed-restart-1`;
    await seed.run('Prepare', ['target', 'source']);
    await seed.start('Backup', ['source']);
    await vi.waitFor(
      async () => {
        const s = await client.stageStatus(seed.source, 'restart-1', 'Backup');
        expect(s.state).toBe('running');
        expect(s.bytes).toBeGreaterThan(4 * 1024 * 1024);
      },
      { timeout: 20_000, interval: 20 },
    );
    await killAgent(NAME, SPARE);
    // The source's stream broke with the target: its Backup fails.
    await expect(seed.awaitStage('Backup', ['source'])).rejects.toThrow(/Backup on the source/);
    expect(readdirSync(datadir).length).toBeGreaterThan(0);
    expect(readdirSync(aside)).toContain('keep_me');

    await startAgent(NAME, SPARE);
    const back = await client.info(seed.target);
    expect(back).toMatchObject({ activeSeed: 'restart-1', serverRunning: false });
    await expect(client.startStage(seed.target, { ...seed.request('Prepare', 'target'), seedId: 'restart-2' })).rejects.toThrow(/busy with seed restart-1/);
    // Restore refuses the half-written copy: the server is not started on it.
    await seed.start('Restore', ['target']);
    await expect(seed.awaitStage('Restore', ['target'])).rejects.toThrow(/the copy is not complete \(partial\)/);
    expect((await client.info(seed.target)).serverRunning).toBe(false);

    // The retry orc makes after a Backup error: Prepare both again, then Backup.
    await seed.run('Prepare', ['target', 'source']);
    expect(readdirSync(datadir)).toEqual([]);
    expect(readdirSync(aside)).toContain('keep_me');
    await seed.run('Backup', ['source']);
    await seed.run('Restore', ['target']);
    const metadata = await client.metadata(seed.target, 'restart-1');
    const [source] = await withAdmin(info, PRIMARY, (c) => rows(c, 'SELECT @@gtid_binlog_pos AS pos'));
    expect(metadata.gtid).toBe(source?.pos);
    const [count] = await withAdmin(info, SPARE, (c) => rows(c, 'SELECT COUNT(*) AS n FROM orc_lab.big'));
    expect(count?.n).toBe(32768);
    await seed.run('Cleanup', ['target', 'source']);
    expect(existsSync(aside)).toBe(false);
    expect((await client.info(seed.target)).databases.map((d) => d.name)).toEqual(['orc_lab']);
  });
});

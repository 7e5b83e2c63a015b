import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  freezeServer,
  healServer,
  killServer,
  labDown,
  labInfo,
  labStatus,
  labUp,
  partitionServer,
  partitionTableName,
  startServer,
  stopServer,
  thawServer,
  type LabInfo,
  type LabInstanceStatus,
} from '../../../ci-env/lab.js';
import { LAB_PORTS } from '../../support/ports.js';
import { procGone, rows, withAdmin, withTcp } from './lab-test-support.js';

const NAME = 't-lab-faults';
const BASE = LAB_PORTS.labFaults;
const [PRIMARY, INTERMEDIATE, REPLICA, CHAINED] = [BASE, BASE + 1, BASE + 2, BASE + 3];
// slave_net_timeout is 4 s: a hung or cut-off source is noticed after about that, so allow well over it.
const DETECT = { timeout: 12_000, interval: 100 };

async function server(port: number): Promise<LabInstanceStatus> {
  const s = (await labStatus(NAME)).instances.find((i) => i.port === port);
  if (!s) throw new Error(`no server ${port}`);
  return s;
}

async function io(port: number): Promise<string | null> {
  return (await server(port)).replication?.ioRunning ?? null;
}

async function expectIo(ports: number[], state: string): Promise<void> {
  await vi.waitFor(async () => {
    for (const port of ports) expect(await io(port), `IO thread of ${port}`).toBe(state);
  }, DETECT);
}

describe('lab faults', () => {
  let info: LabInfo;
  let seq = 0;
  const appWrite = async (): Promise<number> => {
    seq += 1;
    await withTcp(PRIMARY, info.appUser, info.appPassword, (c) => rows(c, 'INSERT INTO orc_lab.faults VALUES (?)', [seq]));
    return seq;
  };
  const hasRow = async (port: number, id: number): Promise<boolean> =>
    (await withAdmin(info, port, (c) => rows(c, 'SELECT id FROM orc_lab.faults WHERE id = ?', [id]))).length === 1;

  beforeAll(async () => {
    await labDown(NAME);
    info = await labUp({ name: NAME, basePort: BASE });
    await withTcp(PRIMARY, info.appUser, info.appPassword, (c) => rows(c, 'CREATE TABLE orc_lab.faults (id INT PRIMARY KEY)'));
  });

  afterAll(async () => {
    await labDown(NAME);
  });

  it('kill crashes the primary, its replicas reconnect; start brings it back read-only and they resume', async () => {
    const before = await server(PRIMARY);
    await killServer(NAME, PRIMARY);
    expect(await server(PRIMARY)).toMatchObject({ alive: false, readOnly: null });
    await expectIo([INTERMEDIATE, REPLICA], 'Connecting');
    expect(await io(CHAINED)).toBe('Yes');
    await expect(killServer(NAME, PRIMARY)).rejects.toMatchObject({ code: 'orc_lab_failed', message: expect.stringContaining('is not running') });

    const restarted = await startServer(NAME, PRIMARY);
    expect(restarted.pid).not.toBe(before.pid);
    expect((await labInfo(NAME)).instances[0]?.pid).toBe(restarted.pid);
    expect(await server(PRIMARY)).toMatchObject({ alive: true, readOnly: true });
    await expectIo([INTERMEDIATE, REPLICA], 'Yes');
    await expect(startServer(NAME, PRIMARY)).rejects.toMatchObject({ message: expect.stringContaining('already running') });
    await withAdmin(info, PRIMARY, (c) => rows(c, 'SET GLOBAL read_only = 0'));
  });

  it('stop shuts a replica down cleanly; after start it catches up on what it missed', async () => {
    await stopServer(NAME, REPLICA);
    expect((await server(REPLICA)).alive).toBe(false);
    expect(readFileSync(join(info.dir, String(REPLICA), 'mariadbd.log'), 'utf8')).toContain('Shutdown complete');
    const id = await appWrite();
    await startServer(NAME, REPLICA);
    await vi.waitFor(async () => expect(await hasRow(REPLICA, id)).toBe(true), DETECT);
    expect(await io(REPLICA)).toBe('Yes');
  });

  it('freeze hangs the intermediate: clients time out, its replica gives up after slave_net_timeout; thaw recovers', async () => {
    await freezeServer(NAME, INTERMEDIATE);
    expect(await server(INTERMEDIATE)).toMatchObject({ alive: true, frozen: true });
    await expect(withAdmin(info, INTERMEDIATE, (c) => rows(c, 'SELECT 1'))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await expectIo([CHAINED], 'Connecting');
    expect(await io(REPLICA)).toBe('Yes');
    await thawServer(NAME, INTERMEDIATE);
    expect((await server(INTERMEDIATE)).frozen).toBe(false);
    await expectIo([CHAINED], 'Yes');
    const id = await appWrite();
    await vi.waitFor(async () => expect(await hasRow(CHAINED, id)).toBe(true), DETECT);
  });

  it('partition cuts the primary off: TCP clients time out, its replicas fail after slave_net_timeout; heal restores', async () => {
    await partitionServer(NAME, PRIMARY);
    const cut = await server(PRIMARY);
    expect(cut).toMatchObject({ alive: true, partitioned: true, readOnly: false });
    await expect(withAdmin(info, PRIMARY, (c) => rows(c, 'SELECT 1'))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await expectIo([INTERMEDIATE, REPLICA], 'Connecting');

    await healServer(NAME, PRIMARY);
    expect((await server(PRIMARY)).partitioned).toBe(false);
    await expect(promisify(execFile)('nft', ['list', 'table', 'inet', partitionTableName(NAME)])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No such file or directory') });
    await expectIo([INTERMEDIATE, REPLICA], 'Yes');
    const id = await appWrite();
    for (const port of [INTERMEDIATE, REPLICA, CHAINED]) await vi.waitFor(async () => expect(await hasRow(port, id)).toBe(true), DETECT);
  });

  it('partition of a replica also cuts the connection it opened to its source', async () => {
    await partitionServer(NAME, REPLICA);
    await partitionServer(NAME, REPLICA);
    const id = await appWrite();
    await vi.waitFor(async () => {
      for (const port of [INTERMEDIATE, CHAINED]) expect(await hasRow(port, id)).toBe(true);
    }, DETECT);
    const primaryPos = (await server(PRIMARY)).gtidCurrentPos;
    const cutOff = await server(REPLICA);
    expect(cutOff.partitioned).toBe(true);
    expect(cutOff.gtidCurrentPos).not.toBe(primaryPos);

    await healServer(NAME, REPLICA);
    await healServer(NAME, REPLICA);
    await vi.waitFor(async () => expect((await server(REPLICA)).gtidCurrentPos).toBe(primaryPos), DETECT);
    expect(await io(REPLICA)).toBe('Yes');
  });

  it('never signals a recorded pid that no longer names this lab server', async () => {
    // The lab follows the server's own pid file when its recorded pid is gone (an agent may restart a server): both name another process here.
    const pidFiles = ['lab.pid', 'mariadbd.pid'].map((f) => join(info.dir, String(CHAINED), f));
    const real = pidFiles.map((f) => readFileSync(f, 'utf8'));
    for (const f of pidFiles) writeFileSync(f, `${process.pid}\n`);
    try {
      expect(await server(CHAINED)).toMatchObject({ pid: process.pid, alive: false });
      await expect(killServer(NAME, CHAINED)).rejects.toMatchObject({ message: expect.stringContaining('is not running') });
      await expect(freezeServer(NAME, CHAINED)).rejects.toMatchObject({ code: 'orc_lab_failed' });
    } finally {
      pidFiles.forEach((f, i) => writeFileSync(f, real[i]!));
    }
    expect(await server(CHAINED)).toMatchObject({ alive: true, frozen: false });
  });

  it('down removes a lab with one server partitioned and one frozen: no table, no process, no directory', async () => {
    await partitionServer(NAME, PRIMARY);
    await freezeServer(NAME, REPLICA);
    const pids = (await labInfo(NAME)).instances.map((i) => i.pid);
    await labDown(NAME);
    await expect(promisify(execFile)('nft', ['list', 'table', 'inet', partitionTableName(NAME)])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No such file or directory') });
    expect(existsSync(info.dir)).toBe(false);
    for (const pid of pids) expect(procGone(pid)).toBe(true);
  });
});

import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { healServer, isolateServer, labDown, labStatus, labUp, partitionServer, type LabInfo } from '../../../ci-env/lab.js';
import { LAB_PORTS } from '../../support/ports.js';
import { rows, slaveStatus, withAdmin } from './lab-test-support.js';

const NAME = 't-lab-isolate';
const BASE = LAB_PORTS.labIsolate;
const [PRIMARY, INTERMEDIATE, REPLICA, CHAINED] = [BASE, BASE + 1, BASE + 2, BASE + 3];
// slave_net_timeout is 4 s: a replica that lost its source would show it within about that.
const SETTLE = { timeout: 12_000, interval: 100 };
const repo = resolve(import.meta.dirname, '../../..');
const lab = (...args: string[]) => promisify(execFile)(join(repo, 'ci-env/lab'), [...args, '--name', NAME], { cwd: repo });

/** A root session on the server's unix socket: the harness's admin path, which no loopback rule touches. */
async function viaSocket<T>(info: LabInfo, port: number, fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ socketPath: info.instances.find((i) => i.port === port)!.socket, user: 'root' });
  try {
    return await fn(conn);
  } finally {
    conn.destroy();
  }
}

describe('lab isolate: only orc loses the server', () => {
  let info: LabInfo;
  let seq = 0;
  const hasRow = async (port: number, id: number): Promise<boolean> =>
    (await viaSocket(info, port, (c) => rows(c, 'SELECT id FROM orc_lab.isolate WHERE id = ?', [id]))).length === 1;

  beforeAll(async () => {
    await labDown(NAME);
    info = await labUp({ name: NAME, basePort: BASE });
    await viaSocket(info, PRIMARY, (c) => rows(c, 'CREATE TABLE orc_lab.isolate (id INT PRIMARY KEY)'));
  });

  afterAll(async () => {
    await labDown(NAME);
  });

  it('cuts the test process off the primary, established connections included, while its replicas keep replicating', async () => {
    const before = await mysql.createConnection({ host: '127.0.0.1', port: PRIMARY, user: info.user, password: info.password, connectTimeout: 1000 });
    try {
      await isolateServer(NAME, PRIMARY);
      await isolateServer(NAME, PRIMARY);
      expect((await labStatus(NAME)).instances.map((i) => [i.port, i.isolated, i.partitioned])).toEqual([
        [PRIMARY, true, false],
        [INTERMEDIATE, false, false],
        [REPLICA, false, false],
        [CHAINED, false, false],
      ]);
      await expect(withAdmin(info, PRIMARY, (c) => rows(c, 'SELECT 1'))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      await expect(before.query({ sql: 'SELECT 1', timeout: 1000 })).rejects.toMatchObject({ code: 'PROTOCOL_SEQUENCE_TIMEOUT' });
    } finally {
      before.destroy();
    }
    // Other servers of the lab are still reachable from here.
    expect(await withAdmin(info, REPLICA, (c) => rows(c, 'SELECT @@server_id AS id'))).toEqual([{ id: REPLICA }]);

    seq += 1;
    const id = seq;
    await viaSocket(info, PRIMARY, (c) => rows(c, 'INSERT INTO orc_lab.isolate VALUES (?)', [id]));
    for (const port of [INTERMEDIATE, REPLICA, CHAINED]) await vi.waitFor(async () => expect(await hasRow(port, id)).toBe(true), SETTLE);
    for (const port of [INTERMEDIATE, REPLICA]) {
      expect(await slaveStatus(info, port)).toMatchObject({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Master_Port: PRIMARY, Last_IO_Errno: 0 });
    }
  });

  it('heal gives the test process the primary back', async () => {
    await healServer(NAME, PRIMARY);
    expect((await labStatus(NAME)).instances[0]).toMatchObject({ port: PRIMARY, isolated: false });
    expect(await withAdmin(info, PRIMARY, (c) => rows(c, 'SELECT @@server_id AS id'))).toEqual([{ id: PRIMARY }]);
  });

  it('an isolated replica still follows its source, and heal removes isolation and partition of a port alike', async () => {
    await isolateServer(NAME, REPLICA);
    await partitionServer(NAME, CHAINED);
    expect((await labStatus(NAME)).instances.map((i) => [i.port, i.isolated, i.partitioned])).toEqual([
      [PRIMARY, false, false],
      [INTERMEDIATE, false, false],
      [REPLICA, true, false],
      [CHAINED, false, true],
    ]);
    seq += 1;
    const id = seq;
    await withAdmin(info, PRIMARY, (c) => rows(c, 'INSERT INTO orc_lab.isolate VALUES (?)', [id]));
    await vi.waitFor(async () => expect(await hasRow(REPLICA, id)).toBe(true), SETTLE);
    await expect(withAdmin(info, REPLICA, (c) => rows(c, 'SELECT 1'))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await healServer(NAME, REPLICA);
    await healServer(NAME, CHAINED);
    expect((await labStatus(NAME)).instances.every((i) => !i.isolated && !i.partitioned)).toBe(true);
    expect(await withAdmin(info, REPLICA, (c) => rows(c, 'SELECT @@server_id AS id'))).toEqual([{ id: REPLICA }]);
  });

  it('the CLI verbs: isolate, status shows it, heal', async () => {
    expect((await lab('isolate', String(CHAINED))).stdout).toBe(`lab ${NAME}: isolate ${CHAINED}: done\n`);
    const line = (await lab('status')).stdout.split('\n').find((l) => l.trimStart().startsWith(String(CHAINED)));
    expect(line).toMatch(/running\s+isolated\s+read_only\s+io=Yes/);
    await lab('heal', String(CHAINED));
    expect((await lab('status')).stdout).not.toContain('isolated');
  });
});

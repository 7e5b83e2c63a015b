import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { labDown, labInfo, labStatus, labUp, type LabInfo } from '../../../ci-env/lab.js';
import { LAB_PORTS } from '../../support/ports.js';
import { procGone, rows, slaveStatus, withAdmin, withTcp } from './lab-test-support.js';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../../..');
const labCli = join(repo, 'ci-env/lab');
const NAME = 't-lab-up';
const SOLO = 't-lab-up-solo';
const BASE = LAB_PORTS.labUp;

describe('lab up (4 servers through the CLI)', () => {
  let info: LabInfo;
  let json: Record<string, unknown>;

  beforeAll(async () => {
    await labDown(NAME);
    const started = Date.now();
    const { stdout } = await run(labCli, ['up', '--name', NAME, '--base-port', String(BASE), '--json'], { cwd: repo });
    console.log(`lab up (CLI, 4 servers, incl. tsx start) took ${Date.now() - started} ms`);
    json = JSON.parse(stdout) as Record<string, unknown>;
    info = await labInfo(NAME);
  });

  afterAll(async () => {
    await labDown(NAME);
    await labDown(SOLO);
  });

  it('prints the lab as JSON with the promised shape', () => {
    expect(json).toMatchObject({ name: NAME, dir: info.dir, config: join(info.dir, 'orc.json'), user: 'orc_admin' });
    expect(typeof json.password).toBe('string');
    expect((json.password as string).length).toBeGreaterThanOrEqual(20);
    const instances = json.instances as Record<string, unknown>[];
    expect(instances.map((i) => [i.port, i.role, i.serverId, i.source])).toEqual([
      [BASE, 'primary', BASE, null],
      [BASE + 1, 'intermediate', BASE + 1, BASE],
      [BASE + 2, 'replica', BASE + 2, BASE],
      [BASE + 3, 'replica', BASE + 3, BASE + 1],
    ]);
    for (const i of instances) expect(i.pid).toBeGreaterThan(0);
    expect(json).toMatchObject({ reportHost: true, heartbeat: { mode: 'fast', periodSeconds: 0.5, slaveNetTimeoutSeconds: 4 } });
  });

  it('replicates each server from the right source with both threads running', async () => {
    expect(await slaveStatus(info, BASE)).toBeUndefined();
    for (const [port, source] of [[BASE + 1, BASE], [BASE + 2, BASE], [BASE + 3, BASE + 1]] as const) {
      const s = await slaveStatus(info, port);
      expect(s).toMatchObject({ Master_Host: '127.0.0.1', Master_Port: source, Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Using_Gtid: 'Slave_Pos' });
      const [all] = await withAdmin(info, port, (c) => rows(c, 'SHOW ALL SLAVES STATUS'));
      expect(all?.Slave_heartbeat_period).toBe(0.5);
    }
  });

  it('configures fast failure, fencing and GTID on every server', async () => {
    for (const inst of info.instances) {
      const [v] = await withAdmin(info, inst.port, (c) =>
        rows(c, 'SELECT @@read_only ro, @@slave_net_timeout snt, @@gtid_strict_mode strict, @@log_slave_updates lsu, @@binlog_format fmt, @@server_id sid, @@report_port rp'),
      );
      expect(v).toMatchObject({ ro: inst.role === 'primary' ? 0 : 1, snt: 4, strict: 1, lsu: 1, fmt: 'ROW', sid: inst.serverId, rp: inst.port });
      expect(readFileSync(inst.cnf, 'utf8')).toMatch(/^read_only=ON$/m);
    }
  });

  it('keeps passwords in files only their owner can read', () => {
    for (const file of [join(info.dir, 'lab.json'), info.config]) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(info.dir).mode & 0o777).toBe(0o700);
  });

  it('writes an orc config that parseConfig accepts', () => {
    const cfg = parseConfig(JSON.parse(readFileSync(info.config, 'utf8')), {}, info.config, dirname(info.config));
    expect(cfg.topology).toMatchObject({ user: info.topologyUser, password: info.topologyPassword });
    expect(cfg.replication).toMatchObject({ user: info.replicationUser, password: info.replicationPassword, heartbeatPeriodSeconds: 0.5 });
    expect(cfg.recovery).toMatchObject({ enabled: true, autoRecoverPrimary: 'all', autoRecoverIntermediatePrimary: 'all' });
    expect(cfg.discovery.seeds).toEqual([{ host: '127.0.0.1', port: BASE }]);
    expect(cfg.discovery.pollIntervalMs).toBe(1000);
    expect(cfg.store).toEqual({ kind: 'sqlite', path: join(info.dir, 'orc.db') });
    expect(cfg.clusters).toEqual([{ alias: NAME, seeds: [{ host: '127.0.0.1', port: BASE }] }]);
  });

  it('gives the topology user exactly the documented privileges, and it can log in everywhere', async () => {
    const grants = await withAdmin(info, BASE, (c) => rows(c, 'SHOW GRANTS FOR ?@?', [info.topologyUser, '127.0.0.1']));
    const grant = String(Object.values(grants[0] ?? {})[0]);
    const privileges = /^GRANT (.*) ON \*\.\* TO /.exec(grant)?.[1]?.split(', ').sort();
    expect(privileges).toEqual(
      ['PROCESS', 'RELOAD', 'REPLICATION SLAVE', 'BINLOG MONITOR', 'SLAVE MONITOR', 'REPLICATION SLAVE ADMIN',
        'REPLICATION MASTER ADMIN', 'READ_ONLY ADMIN', 'BINLOG ADMIN', 'CONNECTION ADMIN', 'SELECT'].sort(),
    );
    for (const inst of info.instances) {
      const [r] = await withTcp(inst.port, info.topologyUser, info.topologyPassword, (c) => rows(c, 'SELECT @@server_id sid'));
      expect(r?.sid).toBe(inst.serverId);
    }
  });

  it('lets the app user write on the primary only, and the row reaches every replica', async () => {
    const app = (port: number, sql: string) => withTcp(port, info.appUser, info.appPassword, (c) => rows(c, sql));
    await app(BASE, 'CREATE TABLE orc_lab.up_check (id INT PRIMARY KEY, note VARCHAR(20))');
    await app(BASE, "INSERT INTO orc_lab.up_check VALUES (1, 'from-primary')");
    for (const inst of info.instances.filter((i) => i.role !== 'primary')) {
      await expect(app(inst.port, "INSERT INTO orc_lab.up_check VALUES (2, 'from-replica')")).rejects.toMatchObject({ errno: 1290 });
      await vi.waitFor(async () => expect(await app(inst.port, 'SELECT note FROM orc_lab.up_check')).toEqual([{ note: 'from-primary' }]), { timeout: 5000, interval: 50 });
    }
    await expect(app(BASE, 'CREATE DATABASE not_mine')).rejects.toMatchObject({ errno: 1044 });
  });

  it('refuses a second lab whose ports are taken, naming them, and a second up of a live lab', async () => {
    await expect(labUp({ name: 't-lab-up-clash', basePort: BASE + 2, replicas: 0, chain: 0 })).rejects.toMatchObject({
      code: 'orc_lab_failed',
      message: expect.stringContaining(`port ${BASE + 2} is already in use`),
    });
    expect(existsSync(join(dirname(info.dir), 't-lab-up-clash'))).toBe(false);
    const refused = await run(labCli, ['up', '--name', NAME, '--base-port', String(BASE)], { cwd: repo }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: `lab: lab "${NAME}" is already up (${info.dir}); run: ci-env/lab down --name ${NAME}\n` });
  });

  it('reports status through the CLI as JSON', async () => {
    const { stdout } = await run(labCli, ['status', '--name', NAME, '--json'], { cwd: repo });
    const status = JSON.parse(stdout) as Awaited<ReturnType<typeof labStatus>>;
    expect(status.instances.map((i) => [i.port, i.alive, i.readOnly, i.replication?.ioRunning ?? null])).toEqual([
      [BASE, true, false, null],
      [BASE + 1, true, true, 'Yes'],
      [BASE + 2, true, true, 'Yes'],
      [BASE + 3, true, true, 'Yes'],
    ]);
  });

  it('builds a standalone server with --replicas 0 --chain 0 quickly from the warm template', async () => {
    const started = Date.now();
    const solo = await labUp({ name: SOLO, basePort: BASE + 5, replicas: 0, chain: 0 });
    const ms = Date.now() - started;
    console.log(`lab up (module, 1 server, warm template) took ${ms} ms`);
    expect(ms).toBeLessThan(15_000);
    expect(solo.instances).toHaveLength(1);
    expect(await slaveStatus(solo, BASE + 5)).toBeUndefined();
    const [r] = await withAdmin(solo, BASE + 5, (c) => rows(c, 'SELECT @@read_only ro'));
    expect(r?.ro).toBe(0);
  });

  it('an aborted up leaves neither a directory nor a process behind', async () => {
    const name = 't-lab-up-abort';
    const controller = new AbortController();
    const up = labUp({ name, basePort: BASE + 6, replicas: 2, chain: 1, signal: controller.signal });
    const dir = join(dirname(info.dir), name);
    await vi.waitFor(() => expect(existsSync(join(dir, String(BASE + 6), 'lab.pid'))).toBe(true), { timeout: 10_000, interval: 5 });
    const pid = Number(readFileSync(join(dir, String(BASE + 6), 'lab.pid'), 'utf8'));
    controller.abort();
    await expect(up).rejects.toMatchObject({ code: 'orc_aborted' });
    expect(existsSync(dir)).toBe(false);
    expect(procGone(pid)).toBe(true);
  });

  it('a fault verb without --name acts on the lab that owns the port', async () => {
    const replica = info.instances.find((i) => i.role === 'replica')!.port;
    expect((await run(labCli, ['stop', String(replica)], { cwd: repo })).stdout).toBe(`lab ${NAME}: stop ${replica}: done\n`);
    expect((await labStatus(NAME)).instances.find((i) => i.port === replica)).toMatchObject({ alive: false });
    expect((await run(labCli, ['start', String(replica)], { cwd: repo })).stdout).toBe(`lab ${NAME}: start ${replica}: done\n`);
    expect((await labStatus(NAME)).instances.find((i) => i.port === replica)).toMatchObject({ alive: true });
  });

  it('CLI user errors are one line on stderr and exit 1', async () => {
    const failed = await run(labCli, ['kill', String(BASE), '--name', 't-lab-up-none'], { cwd: repo }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: `lab: no lab named "t-lab-up-none" under ${dirname(info.dir)}\n` });
  });

  it('down stops every recorded server, removes the directory and leaves no process', async () => {
    const pids = (await labInfo(NAME)).instances.map((i) => i.pid);
    await labDown(NAME);
    expect(existsSync(info.dir)).toBe(false);
    for (const pid of pids) expect(procGone(pid)).toBe(true);
    await expect(labInfo(NAME)).rejects.toMatchObject({ code: 'orc_lab_failed' });
    await labDown(NAME);
  });
});

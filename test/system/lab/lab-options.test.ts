import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labInfo, labUp, type LabHeartbeatMode, type LabInfo } from '../../../ci-env/lab.js';
import { createMysqlProbe } from '../../../core/probe/mysql-probe.js';
import { LAB_PORTS } from '../../support/ports.js';
import { rows, withAdmin } from './lab-test-support.js';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../../..');
const labCli = join(repo, 'ci-env/lab');
const NAME = 't-lab-options';
const PRIMARY = LAB_PORTS.labOptions;
const REPLICA = PRIMARY + 1;

describe('lab up --no-report-host --heartbeat server-default (a cluster orc never repointed)', () => {
  let info: LabInfo;
  let json: Record<string, unknown>;

  beforeAll(async () => {
    await labDown(NAME);
    const args = ['up', '--name', NAME, '--base-port', String(PRIMARY), '--replicas', '1', '--chain', '0', '--no-report-host', '--heartbeat', 'server-default', '--json'];
    json = JSON.parse((await run(labCli, args, { cwd: repo })).stdout) as Record<string, unknown>;
    info = await labInfo(NAME);
  });

  afterAll(async () => {
    await labDown(NAME);
  });

  it('shows both settings in the JSON, next to the fields it always had', () => {
    expect(json).toMatchObject({
      name: NAME,
      dir: info.dir,
      user: 'orc_admin',
      reportHost: false,
      heartbeat: { mode: 'server-default', periodSeconds: 30, slaveNetTimeoutSeconds: 60 },
    });
    expect((json.instances as { port: number }[]).map((i) => i.port)).toEqual([PRIMARY, REPLICA]);
    expect(info).toMatchObject({ reportHost: false, heartbeat: json.heartbeat });
  });

  it('servers run without report_host/report_port and with the default slave_net_timeout', async () => {
    for (const inst of info.instances) {
      expect(readFileSync(inst.cnf, 'utf8')).not.toMatch(/^(report_host|report_port|slave_net_timeout)=/m);
      const [v] = await withAdmin(info, inst.port, (c) => rows(c, 'SELECT @@report_host rh, @@report_port rp, @@slave_net_timeout snt'));
      // MariaDB reports its own port when report_port is unset.
      expect(v).toMatchObject({ rh: null, rp: inst.port, snt: 60 });
    }
  });

  it('the replica got no MASTER_HEARTBEAT_PERIOD: the server derived half of slave_net_timeout', async () => {
    const [status] = await withAdmin(info, REPLICA, (c) => rows(c, 'SHOW ALL SLAVES STATUS'));
    expect(status).toMatchObject({ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Master_Port: PRIMARY, Slave_heartbeat_period: 30 });
  });

  it("orc's probe reads the 30 s heartbeat period, and MariaDB still names the replica by its connection address", async () => {
    const probe = createMysqlProbe(
      { user: info.topologyUser, password: info.topologyPassword, connectTimeoutMs: 1000, queryTimeoutMs: 1000, probeDeadlineMs: 2000 },
      { now: () => Date.now(), monotonic: () => performance.now() },
    );
    try {
      const replica = await probe.probe({ host: '127.0.0.1', port: REPLICA });
      expect(replica.replication[0]).toMatchObject({ heartbeatPeriodMs: 30_000, source: { host: '127.0.0.1', port: PRIMARY } });
      const primary = await probe.probe({ host: '127.0.0.1', port: PRIMARY });
      // MariaDB 10.5.1+ fills SHOW SLAVE HOSTS' Host from the replica's connection when report_host is unset.
      expect(primary.replicas).toEqual([{ host: '127.0.0.1', port: REPLICA }]);
      expect(primary.replicaHints).toEqual({ dumpHosts: ['127.0.0.1'], unnamedPorts: [] });
    } finally {
      await probe.close();
    }
  });

  it('refuses an unknown heartbeat mode before touching anything', async () => {
    const refused = await run(labCli, ['up', '--name', 't-lab-options-bad', '--heartbeat', 'slow'], { cwd: repo }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("argument 'slow' is invalid. expected one of fast, server-default") });
    await expect(labUp({ name: 't-lab-options-bad', basePort: PRIMARY + 3, heartbeat: 'slow' as LabHeartbeatMode })).rejects.toMatchObject({
      code: 'orc_lab_failed',
      message: '--heartbeat must be one of fast, server-default, got "slow"',
    });
    expect(existsSync(join(dirname(info.dir), 't-lab-options-bad'))).toBe(false);
  });
});

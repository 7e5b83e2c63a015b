import { describe, expect, it } from 'vitest';
import { killServer, startServer } from '../../../ci-env/lab.js';
import { awaitLogLine } from '../../support/await-log-line.js';
import { HA_TIMING, useHaLab } from '../../support/ha-lab.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitRecovery, awaitReplicatingFrom, until, writablePorts } from '../../support/service-harness.js';

/** How long a pool takes to notice the store is back: a connect attempt per renewal, each bounded by the connect timeout. */
const RECONNECT_MS = 2_000;

describe('two orc serve processes whose MariaDB store is killed -9 and started again', () => {
  const ha = useHaLab('t-ha-backend', LAB_PORTS.haBackendRestart);

  it('stay alive, stop acting while the store is gone, elect a leader again once it is back and recover once', { timeout: 60_000 }, async () => {
    const { lab, store } = ha;
    const a = ha.startOrc();
    const first = await ha.awaitLeader(15_000);
    expect(first.pid).toBe(a.pid);
    const b = ha.startOrc();
    await awaitLogLine(b.log, /orc service started/, 15_000);
    await ha.awaitProbedSince(Date.now(), [], 10_000);

    await killServer(ha.storeLab.name, ha.storePort);
    const killedAt = Date.now();
    // The leader stops acting once it cannot renew (leaseMs - renewMs after its last renewal); both keep trying.
    const demoted = await awaitLogLine(a.log, /no longer leader/, HA_TIMING.leaseMs + 1_000);
    const demotedMs = Date.now() - killedAt;
    expect(demoted).toMatch(/lease not renewed in time/);
    // Its loops stop once in-flight probes end (each bounded by the probe deadline).
    const notActing = await awaitLogLine(a.log, /"msg":"not acting"/, 5_000);
    expect(JSON.parse(notActing).reason).toMatch(/^store unreachable since \d{4}-\d\d-\d\dT[\d:.]+Z: orc_store_failed: /);
    await awaitLogLine(b.log, /store unreachable/, 5_000);
    // Some more failed rounds on both, so a crash on a failed read or write had its chance to happen.
    await until('three more failed lease rounds on each', async () => [a, b].every((o) => o.lines().filter((l) => /leader lease round failed/.test(l)).length >= 4), 10_000, 100);

    await startServer(ha.storeLab.name, ha.storePort);
    const restartedAt = Date.now();
    const again = await ha.awaitLeader(HA_TIMING.leaseMs + HA_TIMING.renewMs + RECONNECT_MS);
    const electedMs = Date.now() - restartedAt;
    expect([a.pid, b.pid]).toContain(again.pid);
    await ha.awaitProbedSince(restartedAt, [], 10_000);
    for (const orc of [a, b]) {
      expect(await Promise.race([orc.exited, Promise.resolve('running')])).toBe('running');
      expect(orc.lines().filter((l) => /unhandled|internal error|uncaught/i.test(l))).toEqual([]);
    }

    const primary = lab.instances.find((i) => i.role === 'primary')!;
    await killServer(lab.name, primary.port);
    const recovery = await awaitRecovery(store, 30_000);
    expect(recovery).toMatchObject({ status: 'succeeded', kind: 'dead-primary', failed: { port: primary.port } });
    await awaitReplicatingFrom(lab, recovery.successor!.port, [primary.port], 20_000);
    expect(await writablePorts(lab)).toEqual([recovery.successor!.port]);
    expect((await store.listRecoveries()).map((r) => r.id)).toEqual([recovery.id]);
    process.stdout.write(`ha-backend-restart: leader demoted ${demotedMs} ms after the store died; leader again ${electedMs} ms after it was back\n`);
  });
});

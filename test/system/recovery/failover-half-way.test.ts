import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { killServer, labStatus } from '../../../ci-env/lab.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';
import { awaitFile } from '../../support/await-file.js';
import { useLabWithOrcProcess } from '../../support/lab-with-orc-process.js';
import { LAB_PORTS } from '../../support/ports.js';
import { orc } from '../../support/run-orc.js';
import { awaitReplicatingFrom, until, writablePorts } from '../../support/service-harness.js';

/** Changes the topology user's privileges on one server only (not binlogged: no errant GTID, not replicated). */
async function topologyPrivilege(lab: LabInfo, port: number, change: 'GRANT' | 'REVOKE'): Promise<void> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: lab.user, password: lab.password });
  try {
    await conn.query('SET SESSION sql_log_bin = 0');
    await conn.query(`${change} READ_ONLY ADMIN ON *.* ${change === 'GRANT' ? 'TO' : 'FROM'} ?@'127.0.0.1'`, [lab.topologyUser]);
  } finally {
    await conn.end();
  }
}

interface AnalysisJson {
  readonly findings: readonly { instance: string; code: string; kind: string; actionable: boolean; wouldRecover?: boolean; gateReason?: string }[];
}

describe('a primary failover whose promote fails on a real server', () => {
  const setup = useLabWithOrcProcess('t-failover-half-way', LAB_PORTS.failoverHalfWay, { preFailover: 'block', postUnsuccessfulFailover: 'record' });

  it('restarts the replicas, leaves no fence, shows the headless cluster and is retried by orc recover', { timeout: 120_000 }, async () => {
    const { lab, store, hooks } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    const direct = lab.instances.filter((i) => i.source === primary.port).map((i) => i.port);
    await setup.startOrc(lab.instances.length);

    await killServer(lab.name, primary.port);
    await awaitFile(hooks.preFailover!.marker, 30_000);
    // The fault, injected while the preFailover hook holds the recovery: whichever replica is chosen, it can stop
    // and reset replication but not clear read_only, so the promotion fails half way through.
    for (const port of direct) await topologyPrivilege(lab, port, 'REVOKE');
    hooks.preFailover!.release();

    const failed = await until('the recovery to end', async () => (await store.listRecoveries()).find((r) => r.status !== 'running'), 30_000, 100);
    expect(failed).toMatchObject({ status: 'failed', kind: 'dead-primary', successor: null, failed: { port: primary.port } });
    expect(failed.summary).toMatch(
      /^promote 127\.0\.0\.1:\d+ \(reset replication, read_only=OFF\): orc_operation_failed: 127\.0\.0\.1:\d+: clear read_only failed: Access denied; .*; preparation undone; the cluster has no writable primary/,
    );
    const steps = (await store.getRecovery(failed.id))!.steps.map((s) => `${s.status} ${s.name}`);
    expect(steps).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ok stop IO thread on /),
        expect.stringMatching(/^ok record 127\.0\.0\.1:\d+ as fenced, pending the promotion$/),
        expect.stringMatching(/^failed promote 127\.0\.0\.1:\d+ /),
        expect.stringMatching(/^ok repoint 127\.0\.0\.1:\d+ to 127\.0\.0\.1:\d+ \(slave_pos\)$/),
        expect.stringMatching(/^ok start replication on /),
        expect.stringMatching(/^ok remove the pending fence of 127\.0\.0\.1:\d+ \(nothing was promoted\)$/),
      ]),
    );

    // Nothing left half way: no fence, every replica's threads run again (the direct ones retry the dead primary).
    expect(await store.listFenced()).toEqual([]);
    const status = await labStatus(lab.name);
    for (const port of direct) {
      const r = status.instances.find((i) => i.port === port)!.replication!;
      expect([port, r.masterPort, r.ioRunning, r.sqlRunning]).toEqual([port, primary.port, 'Connecting', 'Yes']);
    }
    expect(await writablePorts(lab)).toEqual([]);
    expect(hooks.postUnsuccessfulFailover!.runs()).toEqual([`${failed.id} successor=: successful=false headless=true`]);

    // orc analysis shows the dead primary, refused by the anti-flap block of the failed recovery, and says critically
    // that the cluster takes no writes; orc clusters says it too.
    const findings = await until(
      'orc analysis to show the dead primary again',
      async () => {
        const { code, out } = await orc('analysis', '--config', lab.config, '--json');
        expect(code).toBe(0);
        const [cluster] = JSON.parse(out) as AnalysisJson[];
        const onPrimary = cluster!.findings.filter((f) => f.instance === `127.0.0.1:${primary.port}`);
        return onPrimary.some((f) => f.code.startsWith('DeadPrimary')) && onPrimary;
      },
      20_000,
      250,
    );
    const finding = findings.find((f) => f.code.startsWith('DeadPrimary'))!;
    expect(finding).toMatchObject({ actionable: true, wouldRecover: false });
    expect(findings.find((f) => f.code === 'HeadlessCluster')).toMatchObject({ kind: 'critical', actionable: false });
    const clusters = await orc('clusters', '--config', lab.config);
    expect(clusters.out).toContain('NO WRITABLE PRIMARY');
    expect(clusters.out).toContain(`CRITICAL: no writable primary: 127.0.0.1:${primary.port} is dead`);
    expect(finding.gateReason).toMatch(/^blocked: cluster t-failover-half-way was recovered .* ago; anti-flap block for .* more unless acknowledged$/);

    for (const port of direct) await topologyPrivilege(lab, port, 'GRANT');
    const recovered = await orc('recover', `127.0.0.1:${primary.port}`, '--config', lab.config, '--json');
    expect(recovered.err).toBe('');
    expect(recovered.code).toBe(0);
    const again = (await store.listRecoveries()).find((r) => r.id !== failed.id)!;
    expect(again).toMatchObject({ status: 'succeeded', failed: { port: primary.port } });
    expect(direct).toContain(again.successor!.port);
    await awaitReplicatingFrom(lab, again.successor!.port, [primary.port], 20_000);
    expect(await writablePorts(lab)).toEqual([again.successor!.port]);
  });
});

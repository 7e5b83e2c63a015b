import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { labStatus, startServer, stopServer } from '../../../ci-env/lab.js';
import { useLabWithOrcProcess } from '../../support/lab-with-orc-process.js';
import { createWriterTable, idsOn } from '../../support/lab-writer.js';
import { LAB_PORTS } from '../../support/ports.js';
import { orc } from '../../support/run-orc.js';
import { awaitReplicatingFrom, until } from '../../support/service-harness.js';

const LAB = 't-reboot';
// How long the primary stays down after its replicas are back, in the service's poll rounds (1 s each): long
// enough for a failover to have happened several times over if anything would trigger one.
const PRIMARY_LATE_MS = 4_000;

describe('reboot: every lab server and the service stopped, then started again from their data', () => {
  const setup = useLabWithOrcProcess(LAB, LAB_PORTS.reboot, {});

  it('finds the same topology, fails nothing over while the replicas come back before the primary, and replication resumes', { timeout: 240_000 }, async () => {
    const { lab, store } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    const replicas = lab.instances.filter((i) => i.role !== 'primary');
    await createWriterTable({ port: primary.port, user: lab.user, password: lab.password });
    const first = await setup.startOrc(lab.instances.length);
    const before = await store.listClusters();
    expect(before.map((c) => c.primary.port)).toEqual([primary.port]);
    const auditBefore = (await store.listAudit({ limit: 1000 })).length;

    await first.stop();
    // Replicas first, as an operator shutting a cluster down would; each stop is a clean shutdown.
    for (const i of [...replicas].reverse()) await stopServer(LAB, i.port);
    await stopServer(LAB, primary.port);

    // The service comes back first, with nothing to probe; then the replicas (deepest first), the primary late.
    const relaunchedAt = Date.now();
    const second = await setup.startOrc(0);
    for (const i of [...replicas].sort((a, b) => b.port - a.port)) await startServer(LAB, i.port);
    const replicasUpAt = Date.now();
    await until(
      `the service to probe every replica for ${PRIMARY_LATE_MS} ms with the primary down`,
      async () => {
        const seen = (await store.listInstances()).filter((i) => i.reachable && i.lastCheckedAt >= replicasUpAt + PRIMARY_LATE_MS);
        return replicas.every((r) => seen.some((s) => s.key.port === r.port));
      },
      60_000,
      100,
    );
    expect(await store.listRecoveries()).toEqual([]);
    // Not luck: analysis saw the primary unreachable, unconfirmed by replicas that have not reached it since they started.
    const analysis = await orc('analysis', '--json', '--config', lab.config);
    expect(analysis.out).toContain('"UnreachablePrimary"');
    expect(analysis.out).toMatch(/not reached the source since they started/);
    await startServer(LAB, primary.port);

    await until(
      'the service to probe the whole lab again',
      async () => (await store.listInstances()).filter((i) => i.reachable && i.lastCheckedAt >= Date.now() - 1_500).length === lab.instances.length,
      60_000,
      100,
    );
    expect((await store.listClusters()).map((c) => ({ name: c.name, primary: c.primary }))).toEqual(before.map((c) => ({ name: c.name, primary: c.primary })));
    expect(await store.listRecoveries()).toEqual([]);
    const audit = await store.listAudit({ limit: 1000 });
    const sinceRelaunch = audit.slice(0, audit.length - auditBefore);
    expect(sinceRelaunch.filter((a) => /primary|failover|recover|fence|promote/.test(a.action))).toEqual([]);

    // Replication resumes by itself; the primary comes back read-only (the lab's cnf: no split brain on a restart).
    await awaitReplicatingFrom(lab, primary.port, [], 20_000);
    const status = await labStatus(LAB);
    expect(status.instances.filter((i) => i.readOnly === false)).toEqual([]);
    const writable = await orc('set-writable', `127.0.0.1:${primary.port}`, '--config', lab.config);
    expect(writable, writable.err).toMatchObject({ code: 0 });
    const id = 1_000_000 + (relaunchedAt % 1_000_000);
    const app = await mysql.createConnection({ host: '127.0.0.1', port: primary.port, user: lab.appUser, password: lab.appPassword, database: 'orc_lab' });
    try {
      await app.query('INSERT INTO t (id, port, at) VALUES (?, ?, ?)', [id, primary.port, Date.now()]);
    } finally {
      await app.end();
    }
    for (const r of replicas) await until(`row ${id} on ${r.port}`, async () => (await idsOn(r.port, lab)).has(id), 10_000, 50);
    await second.stop();
    process.stdout.write(`reboot: replicas back ${replicasUpAt - relaunchedAt} ms after the service, primary ${PRIMARY_LATE_MS} ms later; no recovery\n`);
  });
});

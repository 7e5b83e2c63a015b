import { describe, expect, it } from 'vitest';
import { killServer } from '../../../ci-env/lab.js';
import { expectAcknowledgedRows } from '../../support/failover-checks.js';
import { createWriterTable, idsOn, startLabWriter } from '../../support/lab-writer.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitRecovery, awaitReplicatingFrom, writablePorts, useLabWithService } from '../../support/service-harness.js';

const LAB = 't-failover-kill';
const setup = useLabWithService(LAB, LAB_PORTS.failoverKill);


describe('automated failover: kill -9 of the primary under write load', () => {
  it('promotes a replica, repoints every survivor, fences the old primary and loses no acknowledged row but the unreplicated tail of the old primary', { timeout: 60_000 }, async () => {
    const { lab, orc } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    await createWriterTable({ port: primary.port, user: lab.user, password: lab.password });
    const writer = startLabWriter({ ports: lab.instances.map((i) => i.port), user: lab.appUser, password: lab.appPassword });
    await writer.waitForCommits(50, 10_000);

    await killServer(LAB, primary.port);
    const recovery = await awaitRecovery(orc.store, 20_000);
    expect(recovery).toMatchObject({ status: 'succeeded', kind: 'dead-primary', trigger: 'DeadPrimary', failed: { port: primary.port } });
    const successor = recovery.successor!;
    const direct = lab.instances.filter((i) => i.source === primary.port).map((i) => i.port);
    expect(direct).toContain(successor.port);
    await awaitReplicatingFrom(lab, successor.port, [primary.port], 10_000);

    const before = writer.committed.length;
    await writer.waitForCommits(before + 30, 10_000);
    const committed = await writer.stop();
    expect(committed.at(-1)!.port).toBe(successor.port);
    expect(await writablePorts(lab)).toEqual([successor.port]);

    // Every row any survivor holds is on the new primary, and so is every acknowledged row but the old primary's
    // unreplicated tail (async replication), which is counted.
    const onNew = await idsOn(successor.port, lab);
    for (const i of lab.instances.filter((x) => x.port !== primary.port)) {
      const ids = await idsOn(i.port, lab);
      for (const id of ids) expect(onNew.has(id), `row ${id} of ${i.port}`).toBe(true);
    }
    const rows = await expectAcknowledgedRows(lab, recovery, primary.port, committed);
    expect(rows.acknowledged).toBe(committed.length);

    const detail = await orc.store.getRecovery(recovery.id);
    const names = detail!.steps.map((s) => `${s.status} ${s.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ok stop IO thread on /),
        expect.stringMatching(/^ok choose candidate/),
        expect.stringMatching(new RegExp(`^ok promote 127\\.0\\.0\\.1:${successor.port}`)),
        expect.stringMatching(/^ok repoint /),
        expect.stringMatching(new RegExp(`^ok fence 127\\.0\\.0\\.1:${primary.port}`)),
      ]),
    );
    expect((await orc.store.listFenced()).map((f) => f.instance.port)).toEqual([primary.port]);
    const durationMs = recovery.endedAt! - recovery.startedAt;
    process.stdout.write(`failover-kill: recovery ${recovery.id} took ${durationMs} ms; ${committed.length} rows acknowledged, ${rows.unreplicated} of them unreplicated when the primary died\n`);
  });
});

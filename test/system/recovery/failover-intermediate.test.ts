import { describe, expect, it } from 'vitest';
import { killServer } from '../../../ci-env/lab.js';
import { expectNoLostRows } from '../../support/failover-checks.js';
import { createWriterTable, startLabWriter } from '../../support/lab-writer.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitRecovery, awaitReplicatingFrom, writablePorts, useLabWithService } from '../../support/service-harness.js';

const LAB = 't-failover-intermediate';
const setup = useLabWithService(LAB, LAB_PORTS.failoverIntermediate);


describe('automated recovery: a dead intermediate primary', () => {
  it('moves its replica up to the primary; the primary stays primary', { timeout: 60_000 }, async () => {
    const { lab, orc } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    const intermediate = lab.instances.find((i) => i.role === 'intermediate')!;
    const orphan = lab.instances.find((i) => i.source === intermediate.port)!;
    await createWriterTable({ port: primary.port, user: lab.user, password: lab.password });
    const writer = startLabWriter({ ports: [primary.port], user: lab.appUser, password: lab.appPassword });
    await writer.waitForCommits(30, 10_000);

    await killServer(LAB, intermediate.port);
    const recovery = await awaitRecovery(orc.store, 20_000);
    expect(recovery).toMatchObject({ status: 'succeeded', kind: 'dead-intermediate', failed: { port: intermediate.port }, successor: { port: primary.port } });
    expect(recovery.trigger).toMatch(/^DeadIntermediatePrimary/);
    await awaitReplicatingFrom(lab, primary.port, [intermediate.port], 10_000);
    await writer.waitForCommits(writer.committed.length + 20, 10_000);
    const committed = await writer.stop();
    expect(await writablePorts(lab)).toEqual([primary.port]);
    await expectNoLostRows(lab, primary.port, [intermediate.port], committed);
    const steps = (await orc.store.getRecovery(recovery.id))!.steps;
    expect(steps.map((s) => `${s.status} ${s.name}`)).toContain(`ok repoint 127.0.0.1:${orphan.port} to 127.0.0.1:${primary.port} (auto)`);
  });
});

import { describe, expect, it } from 'vitest';
import { healServer, partitionServer } from '../../../ci-env/lab.js';
import { expectFencedForGood, expectNoLostRows } from '../../support/failover-checks.js';
import { createWriterTable, idsOn, startLabWriter } from '../../support/lab-writer.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitRecovery, awaitReplicatingFrom, useLabWithService } from '../../support/service-harness.js';

const LAB = 't-failover-partition';
const setup = useLabWithService(LAB, LAB_PORTS.failoverPartition);


describe('automated failover: a partitioned primary, then healed', () => {
  it('fails over while the primary is cut off and fences it when the partition heals', { timeout: 90_000 }, async () => {
    const { lab, orc } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    await createWriterTable({ port: primary.port, user: lab.user, password: lab.password });
    const writer = startLabWriter({ ports: lab.instances.map((i) => i.port), user: lab.appUser, password: lab.appPassword });
    await writer.waitForCommits(50, 10_000);

    await partitionServer(LAB, primary.port);
    const recovery = await awaitRecovery(orc.store, 30_000);
    expect(recovery).toMatchObject({ status: 'succeeded', kind: 'dead-primary', failed: { port: primary.port } });
    const successor = recovery.successor!.port;
    await awaitReplicatingFrom(lab, successor, [primary.port], 15_000);
    await writer.waitForCommits(writer.committed.length + 20, 10_000);

    await healServer(LAB, primary.port);
    const state = await expectFencedForGood(lab, orc.store, primary.port, successor);
    const committed = await writer.stop();
    const onNew = await idsOn(successor, lab);
    const extra = [...(await idsOn(primary.port, lab))].filter((id) => !onNew.has(id));
    expect(state).toBe(extra.length === 0 ? 'rejoined' : 'diverged');
    await expectNoLostRows(lab, successor, state === 'rejoined' ? [] : [primary.port], committed);
  });
});

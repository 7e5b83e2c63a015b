import { describe, expect, it } from 'vitest';
import { freezeServer, thawServer } from '../../../ci-env/lab.js';
import { expectFencedForGood, expectNoLostRows } from '../../support/failover-checks.js';
import { createWriterTable, idsOn, startLabWriter } from '../../support/lab-writer.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitRecovery, awaitReplicatingFrom, useLabWithService } from '../../support/service-harness.js';

const LAB = 't-failover-freeze';
const setup = useLabWithService(LAB, LAB_PORTS.failoverFreeze);


describe('automated failover: a frozen (SIGSTOP) primary, then thawed', () => {
  it('fails over on the replicas stalled heartbeats, and fences the old primary the moment it thaws', { timeout: 90_000 }, async () => {
    const { lab, orc } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    await createWriterTable({ port: primary.port, user: lab.user, password: lab.password });
    const writer = startLabWriter({ ports: lab.instances.map((i) => i.port), user: lab.appUser, password: lab.appPassword });
    await writer.waitForCommits(50, 10_000);

    const frozenAt = Date.now();
    await freezeServer(LAB, primary.port);
    const recovery = await awaitRecovery(orc.store, 30_000);
    expect(recovery).toMatchObject({ status: 'succeeded', kind: 'dead-primary', failed: { port: primary.port } });
    const successor = recovery.successor!.port;
    await awaitReplicatingFrom(lab, successor, [primary.port], 10_000);
    await writer.waitForCommits(writer.committed.length + 20, 10_000);

    await thawServer(LAB, primary.port);
    const state = await expectFencedForGood(lab, orc.store, primary.port, successor);
    const committed = await writer.stop();
    // Rejoined only when nothing of it is missing on the new primary; diverged only when something is.
    const onOld = await idsOn(primary.port, lab);
    const onNew = await idsOn(successor, lab);
    const extra = [...onOld].filter((id) => !onNew.has(id));
    expect(state).toBe(extra.length === 0 ? 'rejoined' : 'diverged');
    if (state === 'rejoined') await awaitReplicatingFrom(lab, successor, [], 10_000);
    await expectNoLostRows(lab, successor, state === 'rejoined' ? [] : [primary.port], committed);
    process.stdout.write(`failover-freeze: freeze -> recovery start ${recovery.startedAt - frozenAt} ms, end ${recovery.endedAt! - frozenAt} ms\n`);
  });
});

import { describe, expect, it } from 'vitest';
import { killServer, labStatus } from '../../../ci-env/lab.js';
import { expectNoLostRows } from '../../support/failover-checks.js';
import { createWriterTable, idsOn, startLabWriter } from '../../support/lab-writer.js';
import { LAB_PORTS } from '../../support/ports.js';
import { adminQuery, awaitRecovery, awaitReplicatingFrom, until, useLabWithService } from '../../support/service-harness.js';

const LAB = 't-failover-lagging';
const setup = useLabWithService(LAB, LAB_PORTS.failoverLagging);

describe('automated failover: one replica lags when the primary dies', () => {
  it('promotes the most up-to-date replica; the lagging one catches up under it', { timeout: 60_000 }, async () => {
    const { lab, orc } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    const lagging = lab.instances.find((i) => i.role === 'intermediate')!;
    const upToDate = lab.instances.find((i) => i.role === 'replica' && i.source === primary.port)!;
    const chained = lab.instances.find((i) => i.source === lagging.port)!;
    await createWriterTable({ port: primary.port, user: lab.user, password: lab.password });
    const writer = startLabWriter({ ports: [primary.port], user: lab.appUser, password: lab.appPassword });
    await writer.waitForCommits(20, 10_000);
    await adminQuery(lab, lagging.port, 'STOP SLAVE IO_THREAD');
    await writer.waitForCommits(writer.committed.length + 50, 10_000);
    const committed = await writer.stop();
    // Replication is async: without this, the last acknowledged rows may die with the primary (the window
    // failover-kill measures), and no survivor could ever hand them to the lagging replica.
    await until('the up-to-date replica to hold every committed row', async () => {
      const onUpToDate = await idsOn(upToDate.port, lab);
      return committed.every((r) => onUpToDate.has(r.id));
    }, 10_000);

    await killServer(LAB, primary.port);
    const recovery = await awaitRecovery(orc.store, 20_000);
    expect(recovery).toMatchObject({ status: 'succeeded', successor: { port: upToDate.port }, lost: [] });
    await awaitReplicatingFrom(lab, upToDate.port, [primary.port, chained.port], 10_000);
    await until(
      'the chained replica to replicate from the lagging one',
      async () => (await labStatus(LAB)).instances.find((i) => i.port === chained.port)?.replication?.masterPort === lagging.port,
      10_000,
    );
    // The lagging replica fetched what it missed from the new primary: nothing committed is missing anywhere.
    await until('every committed row to reach the lagging replica', async () => {
      await expectNoLostRows(lab, upToDate.port, [primary.port], committed);
      const onLagging = await idsOn(lagging.port, lab);
      return committed.every((r) => onLagging.has(r.id));
    }, 30_000).catch(async (err: Error) => {
      // What the lagging replica says of its replication is the whole story of why it did not catch up.
      const status = await adminQuery(lab, lagging.port, 'SHOW SLAVE STATUS').catch((e: Error) => e.message);
      const steps = (await orc.store.getRecovery(recovery.id))?.steps.map((s) => `${s.name}: ${s.message}`);
      throw new Error(`${err.message}\nlagging replica: ${JSON.stringify(status)}\nsteps: ${JSON.stringify(steps)}`);
    });
    const choice = (await orc.store.getRecovery(recovery.id))!.steps.find((s) => s.name === 'choose candidate')!;
    expect(choice.message).toContain(`127.0.0.1:${upToDate.port}`);
  });
});

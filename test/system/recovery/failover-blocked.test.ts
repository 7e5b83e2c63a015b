import { describe, expect, it } from 'vitest';
import { killServer } from '../../../ci-env/lab.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitRecovery, until, useLabWithService } from '../../support/service-harness.js';

const LAB = 't-failover-blocked';
const setup = useLabWithService(LAB, LAB_PORTS.failoverBlocked);


describe('anti-flapping: a second failure inside the block period', () => {
  it('is not recovered until the first recovery is acknowledged', { timeout: 60_000 }, async () => {
    const { lab, orc } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    await killServer(LAB, primary.port);
    const first = await awaitRecovery(orc.store, 20_000);
    expect(first.status).toBe('succeeded');
    const second = first.successor!.port;
    await until('the new primary to be seen with its replicas', async () => (await orc.store.listInstances()).filter((i) => i.reachable).length === 3, 10_000);
    await until(
      'the alias to follow the cluster to its new primary',
      async () => (await orc.store.listClusters()).find((c) => c.alias === LAB)?.primary.port === second,
      10_000,
    );

    await killServer(LAB, second);
    const blocked = await until(
      'the gate to refuse the second recovery',
      async () => orc.service.recovery.blockedRecoveries().find((b) => b.finding.instance.port === second),
      20_000,
    );
    expect(blocked.finding.code).toMatch(/^DeadPrimary/);
    expect(blocked.reason).toMatch(/^blocked: cluster t-failover-blocked was recovered .* ago; anti-flap block for .* more unless acknowledged$/);
    expect(await orc.store.listRecoveries()).toHaveLength(1);

    expect(await orc.store.acknowledgeRecoveries({ id: first.id }, 'test', 'primary replaced, go ahead', Date.now())).toBe(1);
    const again = await awaitRecovery(orc.store, 20_000, (r) => r.id !== first.id);
    expect(again).toMatchObject({ status: 'succeeded', failed: { port: second } });
    expect([first.id, again.id].sort()).toEqual((await orc.store.listRecoveries()).map((r) => r.id).sort());
  });
});

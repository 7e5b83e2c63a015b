import { describe, expect, it } from 'vitest';
import { killServer, labStatus, startServer } from '../../../ci-env/lab.js';
import { listClusters } from '../../../core/commands/list-clusters.js';
import { clusterTopology } from '../../../core/commands/cluster-topology.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitRecovery, awaitReplicatingFrom, until, useLabWithService } from '../../support/service-harness.js';

const LAB = 't-fence-rejoin';
const setup = useLabWithService(LAB, LAB_PORTS.fenceRejoin);

describe('fence watcher: a failed-over primary that lost nothing comes back', () => {
  it('rejoins as a replica of the new primary (its executed position is all there), not diverged', { timeout: 90_000 }, async () => {
    const { lab, orc } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    // No writes at all: the old primary has nothing to fetch from its successor, so its gtid_slave_pos never moves.
    await killServer(LAB, primary.port);
    const recovery = await awaitRecovery(orc.store, 20_000);
    expect(recovery).toMatchObject({ status: 'succeeded', kind: 'dead-primary', failed: { port: primary.port } });
    const successor = recovery.successor!.port;
    await awaitReplicatingFrom(lab, successor, [primary.port], 15_000);

    // While it is down, the old primary is shown inside the cluster it left, not as a broken cluster of its own.
    const oldKey = `127.0.0.1:${primary.port}`;
    const whileDead = await until(
      'the dead old primary to be shown inside its former cluster',
      async () => {
        const list = await listClusters(orc.commands);
        return list.some((c) => c.formerPrimaries.length > 0) ? list : undefined;
      },
      15_000,
    );
    expect(whileDead.map((c) => formatInstanceKey(c.cluster.primary))).toEqual([`127.0.0.1:${successor}`]);
    expect(whileDead[0]!.formerPrimaries).toMatchObject([{ instance: { port: primary.port }, state: 'awaiting-return', recoveryId: recovery.id }]);
    const topology = await clusterTopology(orc.commands, oldKey);
    expect(formatInstanceKey(topology.cluster.primary)).toBe(`127.0.0.1:${successor}`);
    expect(topology.aftermath).toMatchObject([{ instance: { port: primary.port }, state: 'fenced', recoveryId: recovery.id }]);

    await startServer(LAB, primary.port);
    const fence = await until(
      'the old primary to be rejoined or diverged',
      async () => (await orc.store.listFenced()).find((f) => f.instance.port === primary.port && (f.state === 'rejoined' || f.state === 'diverged')),
      30_000,
    );
    expect(fence).toMatchObject({ state: 'rejoined', detail: `replicates from 127.0.0.1:${successor}` });
    const old = (await labStatus(LAB)).instances.find((i) => i.port === primary.port)!;
    expect(old).toMatchObject({ readOnly: true, replication: { masterPort: successor, ioRunning: 'Yes', sqlRunning: 'Yes', lastIoErrno: 0, lastSqlErrno: 0 } });
    // The rejoin held the server's maintenance lock and let it go.
    expect((await orc.store.listLocks(Date.now())).filter((l) => l.instance.port === primary.port)).toEqual([]);
    // Rejoined: a replica in the tree like any other, no longer marked as a former primary.
    const rejoined = await until(
      'the rejoined old primary to be a plain member',
      async () => {
        const list = await listClusters(orc.commands);
        return list.length === 1 && list[0]!.formerPrimaries.length === 0 && list[0]!.instances === lab.instances.length ? list : undefined;
      },
      15_000,
    );
    expect(rejoined[0]!.reachable).toBe(lab.instances.length);
  });
});

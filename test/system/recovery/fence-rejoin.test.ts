import { describe, expect, it } from 'vitest';
import { killServer, labStatus, startServer } from '../../../ci-env/lab.js';
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
  });
});

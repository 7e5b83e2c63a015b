import { describe, expect, it } from 'vitest';
import { healServer, labStatus, partitionServer } from '../../../ci-env/lab.js';
import { sqlRows, withSocket } from '../../../ci-env/sql-socket.js';
import { LAB_PORTS } from '../../support/ports.js';
import { adminQuery, awaitRecovery, awaitReplicatingFrom, until, useLabWithService } from '../../support/service-harness.js';

const LAB = 't-fence-diverged';
const setup = useLabWithService(LAB, LAB_PORTS.fenceDiverged);

describe('fence watcher: a failed-over primary that holds a write nobody else has', () => {
  it('is reported diverged (re-seed it), stays read-only and is not left replicating', { timeout: 90_000 }, async () => {
    const { lab, orc } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    await adminQuery(lab, primary.port, 'CREATE TABLE orc_lab.d (i INT PRIMARY KEY)');
    await awaitReplicatingFrom(lab, primary.port, [], 10_000);
    await partitionServer(LAB, primary.port);
    // Through its unix socket (the partition cuts TCP only): a write no replica receives.
    await withSocket(primary.socket, (conn) => sqlRows(conn, 'INSERT INTO orc_lab.d VALUES (1)'));
    const recovery = await awaitRecovery(orc.store, 30_000);
    expect(recovery).toMatchObject({ status: 'succeeded', failed: { port: primary.port } });
    const successor = recovery.successor!.port;
    await awaitReplicatingFrom(lab, successor, [primary.port], 15_000);
    // The new primary moves past the lost write's seq_no: positions alone would call the old primary behind.
    for (let i = 2; i <= 4; i++) await adminQuery(lab, successor, `INSERT INTO orc_lab.d VALUES (${i})`);

    await healServer(LAB, primary.port);
    const fence = await until(
      'the old primary to be rejoined or diverged',
      async () => (await orc.store.listFenced()).find((f) => f.instance.port === primary.port && (f.state === 'rejoined' || f.state === 'diverged')),
      30_000,
    );
    expect(fence).toMatchObject({ state: 'diverged', detail: expect.stringMatching(/re-seed it/) });
    const old = (await labStatus(LAB)).instances.find((i) => i.port === primary.port)!;
    expect(old.readOnly).toBe(true);
    expect(old.replication === null || old.replication.masterPort !== successor || old.replication.ioRunning !== 'Yes').toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { killServer } from '../../../ci-env/lab.js';
import { awaitLogLine } from '../../support/await-log-line.js';
import { HA_TIMING, useHaLab, type HaOrc } from '../../support/ha-lab.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitReplicatingFrom, until, writablePorts } from '../../support/service-harness.js';

/** How late after a kill another service may hold the lease: the lease plus a second. */
const TAKEOVER_BOUND_MS = HA_TIMING.leaseMs + 1_000;

describe('three orc serve processes on one MariaDB store whose leader is killed -9', () => {
  const ha = useHaLab('t-ha-killed', LAB_PORTS.haLeaderKilled);

  /** Starts a follower and waits until it has joined the election. */
  async function follower(): Promise<HaOrc> {
    const orc = ha.startOrc();
    await awaitLogLine(orc.log, /orc service started/, 15_000);
    return orc;
  }

  /** Kills the leader and returns who leads next and how long after the kill the store gave it the lease. */
  async function killLeader(orcs: HaOrc[], alsoKillPrimary?: number): Promise<{ next: HaOrc; takeoverMs: number }> {
    const { pid } = await ha.awaitLeader(5_000);
    const leader = orcs.find((o) => o.pid === pid)!;
    const killedAt = Date.now();
    await leader.kill9();
    if (alsoKillPrimary !== undefined) await killServer(ha.lab.name, alsoKillPrimary);
    orcs.splice(orcs.indexOf(leader), 1);
    const next = await ha.awaitLeader(TAKEOVER_BOUND_MS + 1_000, [pid]);
    // The lease's acquiredAt is the store's clock, on this same host: the takeover as the store saw it.
    const takeoverMs = next.lease.acquiredAt - killedAt;
    expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);
    return { next: orcs.find((o) => o.pid === next.pid)!, takeoverMs };
  }

  it('another leads within the lease plus a second, and a primary killed during the change is recovered once', { timeout: 60_000 }, async () => {
    const { lab, store } = ha;
    const orcs = [ha.startOrc()];
    await ha.awaitLeader(15_000);
    orcs.push(await follower(), await follower());
    await ha.awaitProbedSince(Date.now(), [], 10_000);

    const takeovers: number[] = [];
    const first = await killLeader(orcs);
    takeovers.push(first.takeoverMs);
    await ha.awaitProbedSince(Date.now(), [], 10_000);
    orcs.push(await follower());

    // The primary dies right after the leader: whoever leads next recovers it, once.
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    const second = await killLeader(orcs, primary.port);
    takeovers.push(second.takeoverMs);
    const recovery = await until('the recovery to end', async () => (await store.listRecoveries()).find((r) => r.status !== 'running'), 30_000, 100);
    expect(recovery).toMatchObject({ status: 'succeeded', kind: 'dead-primary', failed: { port: primary.port } });
    const successor = recovery.successor!.port;
    await awaitReplicatingFrom(lab, successor, [primary.port], 20_000);
    expect(await writablePorts(lab)).toEqual([successor]);

    // Give a wrongly acting follower time to start a second recovery: three more probe rounds by the leader.
    for (let round = 0; round < 3; round += 1) await ha.awaitProbedSince(Date.now(), [primary.port], 10_000);
    expect((await store.listRecoveries()).map((r) => [r.id, r.successor?.port])).toEqual([[recovery.id, successor]]);
    const leaders = orcs.filter((o) => o.lines().some((l) => /"msg":"became leader"/.test(l)));
    expect(leaders.map((o) => o.pid)).toEqual([second.next.pid]);
    process.stdout.write(`ha-leader-killed: takeover after kill -9 (ms): ${takeovers.join(', ')}; recovery ${recovery.id}\n`);
  });
});

import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killServer, labDown, labUp } from '../../../ci-env/lab.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';
import type { StoreConfig } from '../../../core/store/open-store.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitRecovery, until } from '../../support/service-harness.js';
import { startSharedStoreService, type SharedStoreService } from './shared-store-service.js';

// The topology the services watch, and a separate one-server lab holding their shared store.
const LAB = 't-leader';
const STORE_LAB = 't-leader-store';
const DATABASE = 'orc_leader_test';
const TIMING = { leaseMs: 2000, renewMs: 500 };
let lab: LabInfo;
let storeConfig: StoreConfig;
const services: SharedStoreService[] = [];

async function start(orcHost: string): Promise<SharedStoreService> {
  const service = await startSharedStoreService(lab, storeConfig, TIMING, orcHost);
  services.push(service);
  return service;
}

async function stop(service: SharedStoreService): Promise<void> {
  services.splice(services.indexOf(service), 1);
  await service.stop();
}

/** The newest lastCheckedAt of any instance in the shared store. */
async function lastChecked(service: SharedStoreService): Promise<number> {
  return Math.max(...(await service.store.listInstances()).map((i) => i.lastCheckedAt));
}

beforeAll(async () => {
  await Promise.all([labDown(LAB), labDown(STORE_LAB)]);
  const storeLab = await labUp({ name: STORE_LAB, basePort: LAB_PORTS.leaderStore, replicas: 0, chain: 0 });
  lab = await labUp({ name: LAB, basePort: LAB_PORTS.leader });
  const server = { host: '127.0.0.1', port: storeLab.instances[0]!.port, user: storeLab.user, password: storeLab.password };
  const admin = await mysql.createConnection(server);
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.end();
  storeConfig = { kind: 'mysql', ...server, database: DATABASE };
}, 120_000);

afterAll(async () => {
  for (const service of services.splice(0)) await service.stop();
  await Promise.all([labDown(LAB), labDown(STORE_LAB)]);
});

describe('two orc services on one MariaDB store', () => {
  it('elect one leader that alone probes, hand over within the lease on stop, and recover a killed primary once', { timeout: 90_000 }, async () => {
    const a = await start('orc-a');
    const b = await start('orc-b');
    expect([a.orc.isLeader(), b.orc.isLeader()]).toEqual([true, false]);
    expect([a.orc.isActing(), b.orc.isActing()]).toEqual([true, false]);
    expect(b.orc.currentLease()?.holder).toBe(a.orc.holder);

    // Probe results keep arriving in the shared store from the leader while the follower probes nothing.
    await until('the leader to discover all 4 servers', async () => (await a.store.listInstances()).filter((i) => i.reachable).length === 4, 15_000);
    const before = await lastChecked(b);
    await until('fresh probe results', async () => (await lastChecked(b)) > before + 1000, 5000);
    expect(b.orc.isActing()).toBe(false);
    expect(b.probed).toEqual([]);

    const stopping = Date.now();
    await stop(a);
    await until('b to lead', async () => b.orc.isActing(), TIMING.leaseMs);
    const handoverMs = Date.now() - stopping;
    expect(handoverMs).toBeLessThan(TIMING.leaseMs);
    const probedByA = a.probed.length;

    // A third service joins as a follower: two services run when the primary dies.
    const c = await start('orc-c');
    expect([b.orc.isLeader(), c.orc.isLeader()]).toEqual([true, false]);
    const ports = lab.instances.map((i) => `127.0.0.1:${i.port}`);
    await until('b to probe every server', async () => ports.every((p) => b.probed.includes(p)), 10_000);

    const primary = lab.instances.find((i) => i.role === 'primary')!;
    await killServer(LAB, primary.port);
    const recovery = await awaitRecovery(b.store, 30_000);
    expect(recovery).toMatchObject({ status: 'succeeded', kind: 'dead-primary', failed: { port: primary.port }, actor: 'orc:orc-b' });
    // Give a wrongly acting follower time to start a second recovery: the leader's next three probe rounds.
    await until('b to see the new topology', async () => (await b.store.listClusters()).some((cl) => cl.primary.port === recovery.successor?.port), 10_000);
    const rounds = b.probed.length + 3 * lab.instances.length;
    await until('three more probe rounds by the leader', async () => b.probed.length >= rounds, 10_000);
    expect(await c.store.listRecoveries()).toHaveLength(1);
    expect(c.probed).toEqual([]);
    expect(c.orc.isActing()).toBe(false);
    expect(a.probed.length).toBe(probedByA);
    process.stdout.write(`leader-election: handover on stop took ${handoverMs} ms; recovery ${recovery.id} by ${recovery.actor}\n`);
  });
});

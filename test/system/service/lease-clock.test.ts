import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labUp } from '../../../ci-env/lab.js';
import { systemClock, type Clock } from '../../../core/ports/clock.js';
import type { LeaderLease } from '../../../core/ports/leader-lease.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { LEADER_LEASE_NAME, LeaderElection } from '../../../core/service/leader-election.js';
import type { KyselyStore } from '../../../core/store/kysely-store.js';
import { openStore, type StoreConfig } from '../../../core/store/open-store.js';
import { LAB_PORTS } from '../../support/ports.js';
import { until } from '../../support/service-harness.js';

// Services whose host clocks are an hour off elect over real SQL stores: only the store's clock may count.
const LAB = 't-lease-clock';
const DATABASE = 'orc_lease_clock_test';
const TIMING = { leaseMs: 1200, renewMs: 300 };
const HOUR = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), 'orc-lease-clock-'));
let mariadb: StoreConfig;

beforeAll(async () => {
  await labDown(LAB);
  const lab = await labUp({ name: LAB, basePort: LAB_PORTS.leaseClock, replicas: 0, chain: 0 });
  const server = { host: '127.0.0.1', port: lab.instances[0]!.port, user: lab.user, password: lab.password };
  const admin = await mysql.createConnection(server);
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.end();
  mariadb = { kind: 'mysql', ...server, database: DATABASE };
}, 120_000);

afterAll(async () => {
  await labDown(LAB);
  rmSync(dir, { recursive: true, force: true });
});

/** This host's clocks, with the wall clock offsetMs off (monotonic time is unaffected by a wrong wall clock). */
function hostClock(offsetMs: number): Clock {
  return { now: () => systemClock.now() + offsetMs, monotonic: () => systemClock.monotonic() };
}

/** One orc host taking part in the election on its own store handle. */
interface Host {
  readonly election: LeaderElection;
  readonly store: KyselyStore;
  /** Every lease this host saw when it became leader. */
  readonly terms: LeaderLease[];
}

async function host(config: StoreConfig, name: string, offsetMs: number, hosts: Host[]): Promise<Host> {
  const store = await openStore(config);
  const terms: LeaderLease[] = [];
  const election = new LeaderElection({
    store,
    clock: hostClock(offsetMs),
    logger: silentLogger,
    holder: name,
    ...TIMING,
    onChange: (leader) => {
      if (leader) terms.push(election.currentLease()!);
    },
  });
  const h = { election, store, terms };
  hosts.push(h);
  await election.start();
  return h;
}

async function leaseIn(h: Host): Promise<LeaderLease> {
  const lease = await h.store.getLease(LEADER_LEASE_NAME);
  if (!lease) throw new Error('no lease');
  return lease;
}

describe.each([
  ['SQLite', () => ({ kind: 'sqlite', path: join(dir, 'orc.db') }) as StoreConfig],
  ['MariaDB', () => mariadb],
])('leader election on %s with host clocks an hour apart', (_backend, config) => {
  it('no host takes a valid lease early, and none keeps one past the store\'s expiry', { timeout: 60_000 }, async () => {
    const hosts: Host[] = [];
    try {
      const fair = await host(config(), 'fair', 0, hosts);
      const ahead = await host(config(), 'ahead', HOUR, hosts);
      expect([fair.election.isLeader(), ahead.election.isLeader()]).toEqual([true, false]);

      // While fair renews, ahead (its wall clock an hour past fair's expiry) keeps trying and never gets the lease.
      const first = await leaseIn(fair);
      await until('fair to renew for two whole leases', async () => (await leaseIn(fair)).expiresAt > first.expiresAt + 2 * TIMING.leaseMs, 10_000);
      expect(ahead.terms).toEqual([]);
      expect((await leaseIn(ahead)).epoch).toBe(first.epoch);

      // fair dies without releasing: ahead takes over once the store's clock passed the last expiry, not before.
      await fair.election.stop();
      const last = await leaseIn(fair);
      await until('ahead to lead', async () => ahead.election.isLeader(), 10_000);
      expect(ahead.terms[0]).toMatchObject({ holder: 'ahead', epoch: first.epoch + 1 });
      expect(ahead.terms[0]!.acquiredAt).toBeGreaterThanOrEqual(last.expiresAt);

      // A host an hour behind cannot be kept out by ahead's clock: it takes the lease at the store's expiry.
      const behind = await host(config(), 'behind', -HOUR, hosts);
      expect(behind.election.isLeader()).toBe(false);
      await ahead.election.stop();
      const aheadLast = await leaseIn(ahead);
      await until('behind to lead', async () => behind.election.isLeader(), 10_000);
      expect(behind.terms[0]).toMatchObject({ holder: 'behind', epoch: first.epoch + 2 });
      expect(behind.terms[0]!.acquiredAt).toBeGreaterThanOrEqual(aheadLast.expiresAt);
      expect(behind.terms[0]!.acquiredAt - aheadLast.expiresAt).toBeLessThan(5 * TIMING.renewMs);
      expect(await behind.store.leaseTokenValid(behind.election.token()!)).toBe(true);
      expect(await behind.store.leaseTokenValid({ name: LEADER_LEASE_NAME, holder: 'ahead', epoch: first.epoch + 1 })).toBe(false);
    } finally {
      for (const h of hosts) {
        await h.election.stop();
        await h.store.close();
      }
    }
  });
});

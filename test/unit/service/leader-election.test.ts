import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreError } from '../../../core/errors.js';
import type { Clock } from '../../../core/ports/clock.js';
import type { LeaderLease, LeaseStore, LeaseToken } from '../../../core/ports/leader-lease.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { LEADER_LEASE_NAME, LeaderElection, leaseHolder } from '../../../core/service/leader-election.js';
import { MemoryStore } from '../../support/memory-store.js';

const T0 = 1_700_000_000_000;
const LEASE = 5000;
const RENEW = 1000;
const HOUR = 3_600_000;

/** A LeaseStore in front of a shared one whose calls can be made to fail or hang (one service's view of a sick store). */
class SickLeaseStore implements LeaseStore {
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  /** Runs while a tryAcquireLease request is on its way, before the store answers (e.g. to let time pass). */
  inFlight: () => void = () => undefined;
  private readonly hung: (() => void)[] = [];
  constructor(private readonly inner: LeaseStore) {}

  tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<LeaderLease> {
    return this.sick(() => {
      this.inFlight();
      return this.inner.tryAcquireLease(name, holder, ttlMs);
    });
  }
  releaseLease(name: string, holder: string): Promise<boolean> {
    return this.sick(() => this.inner.releaseLease(name, holder));
  }
  getLease(name: string): Promise<LeaderLease | null> {
    return this.inner.getLease(name);
  }
  leaseTokenValid(token: LeaseToken): Promise<boolean> {
    return this.inner.leaseTokenValid(token);
  }
  /** Lets hung calls through. */
  heal(): void {
    this.mode = 'ok';
    for (const go of this.hung.splice(0)) go();
  }
  private async sick<T>(call: () => Promise<T>): Promise<T> {
    if (this.mode === 'fail') throw new StoreError('store: connection lost');
    if (this.mode === 'hang') await new Promise<void>((resolve) => this.hung.push(resolve));
    return call();
  }
}

/** Polls check every 5 ms until it holds, failing after timeoutMs. */
async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The store's own clock; unless a test gives a service a clock of its own, every host's clocks read it too. */
let now = T0;
const clock: Clock = { now: () => now, monotonic: () => now };
const started: LeaderElection[] = [];
const round = () => new AbortController().signal;

afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.stop()));
  now = T0;
});

/** A shared store whose lease arithmetic runs on `now`, the backend's clock. */
function memoryStore(): MemoryStore {
  return new MemoryStore({ backendClock: { now: () => now } });
}

/** A host whose wall clock is offsetMs off the store's, while its monotonic clock runs at the same rate. */
function skewed(offsetMs: number): Clock {
  return { now: () => now + offsetMs, monotonic: () => now };
}

function election(store: LeaseStore, name: string, options: { leaseMs?: number; renewMs?: number; clock?: Clock } = {}) {
  const changes: string[] = [];
  const e = new LeaderElection({
    store,
    clock: options.clock ?? clock,
    logger: silentLogger,
    holder: name,
    leaseMs: options.leaseMs ?? LEASE,
    renewMs: options.renewMs ?? RENEW,
    onChange: (leader, reason) => changes.push(leader ? 'leader' : `follower: ${reason}`),
  });
  started.push(e);
  return { e, changes };
}

describe('LeaderElection', () => {
  it('elects the first service; the second follows and sees the leader\'s lease; renewals keep it', async () => {
    const store = memoryStore();
    const a = election(store, 'a');
    const b = election(store, 'b');
    await a.e.round(round());
    await b.e.round(round());
    expect([a.e.isLeader(), b.e.isLeader()]).toEqual([true, false]);
    expect(b.e.currentLease()).toEqual({ name: LEADER_LEASE_NAME, holder: 'a', acquiredAt: T0, expiresAt: T0 + LEASE, epoch: 1 });
    for (let i = 1; i <= 10; i += 1) {
      now = T0 + i * RENEW;
      await b.e.round(round());
      await a.e.round(round());
    }
    expect([a.e.isLeader(), b.e.isLeader()]).toEqual([true, false]);
    expect(a.e.currentLease()).toEqual({ name: LEADER_LEASE_NAME, holder: 'a', acquiredAt: T0, expiresAt: now + LEASE, epoch: 1 });
    expect([a.changes, b.changes]).toEqual([['leader'], []]);
  });

  it('hands over when the leader stops renewing: the follower leads once the lease expired, the old leader demotes', async () => {
    const store = memoryStore();
    const a = election(store, 'a');
    const b = election(store, 'b');
    await a.e.round(round());
    now = T0 + LEASE - 1;
    await b.e.round(round());
    expect(b.e.isLeader()).toBe(false);
    now = T0 + LEASE;
    await b.e.round(round());
    expect(b.e.isLeader()).toBe(true);
    expect(b.e.currentLease()).toMatchObject({ holder: 'b', acquiredAt: T0 + LEASE, epoch: 2 });
    await a.e.round(round());
    expect(a.e.isLeader()).toBe(false);
    expect(a.changes).toEqual(['leader', 'follower: lease not renewed in time']);
  });

  it('demotes a leader whose lease was taken by another holder at once', async () => {
    const store = memoryStore();
    const a = election(store, 'a');
    await a.e.round(round());
    await store.releaseLease(LEADER_LEASE_NAME, 'a');
    await store.tryAcquireLease(LEADER_LEASE_NAME, 'intruder', LEASE);
    now += RENEW;
    await a.e.round(round());
    expect(a.changes).toEqual(['leader', 'follower: lease taken by intruder']);
    expect(a.e.currentLease()?.holder).toBe('intruder');
  });

  it('on stop demotes, and release lets a follower lead at once without waiting for expiry', async () => {
    const store = memoryStore();
    const a = election(store, 'a');
    const b = election(store, 'b');
    await a.e.start();
    expect(a.e.isLeader()).toBe(true);
    await b.e.round(round());
    await a.e.stop();
    expect(a.changes).toEqual(['leader', 'follower: stopping']);
    await b.e.round(round());
    expect(b.e.isLeader()).toBe(false);
    expect(await a.e.release()).toBe(true);
    await b.e.round(round());
    expect(b.e.isLeader()).toBe(true);
  });

  it('keeps leading through failed renewals until leaseMs - renewMs, then demotes before the lease can be taken', async () => {
    const shared = memoryStore();
    const sick = new SickLeaseStore(shared);
    const a = election(sick, 'a');
    const b = election(shared, 'b');
    await a.e.round(round());
    sick.mode = 'fail';
    now = T0 + LEASE - RENEW - 1;
    await a.e.round(round());
    expect(a.e.isLeader()).toBe(true);
    now = T0 + LEASE - RENEW;
    await a.e.round(round());
    expect(a.changes).toEqual(['leader', 'follower: lease not renewed in time']);
    await b.e.round(round());
    expect(b.e.isLeader()).toBe(false);
    now = T0 + LEASE;
    await b.e.round(round());
    expect(b.e.isLeader()).toBe(true);
    sick.mode = 'ok';
    await a.e.round(round());
    expect(a.e.isLeader()).toBe(false);
  });

  it('records since when the store has not answered, keeps the first failure\'s time, and clears it once it answers', async () => {
    const sick = new SickLeaseStore(memoryStore());
    const a = election(sick, 'a');
    await a.e.round(round());
    expect(a.e.storeOutage()).toBeNull();
    sick.mode = 'fail';
    now = T0 + RENEW;
    await a.e.round(round());
    expect(a.e.storeOutage()).toEqual({ since: T0 + RENEW, error: expect.stringMatching(/^orc_store_failed: store: connection lost/) });
    now = T0 + 2 * RENEW;
    await a.e.round(round());
    expect(a.e.storeOutage()?.since).toBe(T0 + RENEW);
    sick.mode = 'ok';
    now = T0 + 3 * RENEW;
    await a.e.round(round());
    expect(a.e.storeOutage()).toBeNull();
    expect(a.e.isLeader()).toBe(true);
  });

  it('demotes a leader whose renewal hangs once leaseMs - renewMs passed, and still stops promptly', async () => {
    const realClock = Date.now;
    now = realClock();
    const sick = new SickLeaseStore(memoryStore());
    const a = election(sick, 'a', { leaseMs: 300, renewMs: 100 });
    const tick = setInterval(() => (now = realClock()), 5);
    try {
      await a.e.start();
      const since = realClock();
      sick.mode = 'hang';
      await waitFor('demotion', () => !a.e.isLeader(), 2000);
      // The last renewal (at most 100 ms before the hang) let it act until 200 ms after that renewal.
      expect(realClock() - since).toBeGreaterThanOrEqual(90);
      expect(a.changes).toEqual(['leader', 'follower: lease not renewed in time']);
      const stopping = realClock();
      await a.e.stop();
      expect(realClock() - stopping).toBeLessThan(100);
      sick.heal();
    } finally {
      clearInterval(tick);
    }
  });

  it('a resigning leader gives the lease up and may be elected again, with the next epoch', async () => {
    const store = memoryStore();
    const a = election(store, 'a');
    await a.e.round(round());
    await a.e.resign('could not start');
    expect(await store.getLease(LEADER_LEASE_NAME)).toBeNull();
    await a.e.round(round());
    expect(a.changes).toEqual(['leader', 'follower: could not start', 'leader']);
    expect(a.e.token()).toEqual({ name: LEADER_LEASE_NAME, holder: 'a', epoch: 2 });
  });
});

describe('LeaderElection on the store\'s clock', () => {
  it('a host whose clock is an hour ahead can neither take a valid lease early nor keep its own past the store\'s expiry', async () => {
    const store = memoryStore();
    const fair = election(store, 'fair');
    const ahead = election(store, 'ahead', { clock: skewed(HOUR) });
    await fair.e.round(round());
    now = T0 + LEASE - 1;
    await ahead.e.round(round());
    expect([fair.e.isLeader(), ahead.e.isLeader()]).toEqual([true, false]);
    expect(await store.getLease(LEADER_LEASE_NAME)).toMatchObject({ holder: 'fair', expiresAt: T0 + LEASE });

    // fair stopped renewing; ahead takes the lease when the store says it expired, and its lease ends on the store's clock too.
    now = T0 + LEASE;
    await ahead.e.round(round());
    expect(ahead.e.currentLease()).toEqual({ name: LEADER_LEASE_NAME, holder: 'ahead', acquiredAt: T0 + LEASE, expiresAt: T0 + 2 * LEASE, epoch: 2 });
    now = T0 + 2 * LEASE;
    await fair.e.round(round());
    expect(fair.e.currentLease()).toMatchObject({ holder: 'fair', acquiredAt: T0 + 2 * LEASE, epoch: 3 });
    expect(fair.e.isLeader()).toBe(true);
  });

  it('a host whose clock is an hour behind takes an expired lease on time, and others cannot take its lease early', async () => {
    const store = memoryStore();
    const fair = election(store, 'fair');
    const behind = election(store, 'behind', { clock: skewed(-HOUR) });
    await fair.e.round(round());
    now = T0 + LEASE;
    await behind.e.round(round());
    expect(behind.e.isLeader()).toBe(true);
    expect(behind.e.currentLease()).toEqual({ name: LEADER_LEASE_NAME, holder: 'behind', acquiredAt: T0 + LEASE, expiresAt: T0 + 2 * LEASE, epoch: 2 });
    now = T0 + 2 * LEASE - 1;
    await fair.e.round(round());
    expect([fair.e.isLeader(), fair.e.currentLease()?.holder]).toEqual([false, 'behind']);
  });
});

describe('LeaderElection on the monotonic clock', () => {
  it('a jump of the host\'s wall clock neither ends nor extends a term', async () => {
    const host = { wall: T0, mono: 0 };
    const sick = new SickLeaseStore(memoryStore());
    const a = election(sick, 'a', { clock: { now: () => host.wall, monotonic: () => host.mono } });
    await a.e.round(round());
    sick.mode = 'fail';
    host.wall += 10 * LEASE;
    await a.e.round(round());
    expect(a.e.isLeader()).toBe(true);
    host.wall -= 20 * LEASE;
    host.mono = LEASE - RENEW - 1;
    await a.e.round(round());
    expect(a.e.isLeader()).toBe(true);
    host.mono = LEASE - RENEW;
    await a.e.round(round());
    expect(a.changes).toEqual(['leader', 'follower: lease not renewed in time']);
  });

  it('counts its term from when it sent the request, not from when the store answered', async () => {
    const host = { mono: 0 };
    const sick = new SickLeaseStore(memoryStore());
    const a = election(sick, 'a', { clock: { now: () => now, monotonic: () => host.mono } });
    sick.inFlight = () => {
      host.mono += 1500;
    };
    await a.e.round(round());
    expect(a.e.isLeader()).toBe(true);
    sick.mode = 'fail';
    host.mono = LEASE - RENEW - 1;
    await a.e.round(round());
    expect(a.e.isLeader()).toBe(true);
    host.mono = LEASE - RENEW;
    await a.e.round(round());
    expect(a.changes).toEqual(['leader', 'follower: lease not renewed in time']);
  });

  it('does not lead when the answer came after its deadline', async () => {
    const host = { mono: 0 };
    const sick = new SickLeaseStore(memoryStore());
    const a = election(sick, 'a', { clock: { now: () => now, monotonic: () => host.mono } });
    sick.inFlight = () => {
      host.mono += LEASE - RENEW;
    };
    await a.e.round(round());
    expect([a.e.isLeader(), a.e.currentLease()?.holder]).toEqual([false, 'a']);
  });

  it('the watchdog demotes by the monotonic clock when no round runs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const host = { mono: 0 };
      const a = election(memoryStore(), 'a', { leaseMs: 150, renewMs: 50, clock: { now: () => now, monotonic: () => host.mono } });
      await a.e.round(round());
      // Its timer fires after 100 ms, but the monotonic clock has not moved: still leader, and it looks again later.
      vi.advanceTimersByTime(100);
      expect(a.e.isLeader()).toBe(true);
      host.mono = 60;
      vi.advanceTimersByTime(100);
      expect(a.e.isLeader()).toBe(true);
      host.mono = 100;
      vi.advanceTimersByTime(40);
      expect(a.changes).toEqual(['leader', 'follower: lease not renewed in time']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('LeaderElection fencing token', () => {
  it('is null while following, keeps its epoch through renewals, and the store tells it from the next leader\'s', async () => {
    const store = memoryStore();
    const a = election(store, 'a');
    const b = election(store, 'b');
    expect(a.e.token()).toBeNull();
    await a.e.round(round());
    await b.e.round(round());
    const first = a.e.token();
    expect(first).toEqual({ name: LEADER_LEASE_NAME, holder: 'a', epoch: 1 });
    expect(b.e.token()).toBeNull();
    now += RENEW;
    await a.e.round(round());
    expect(a.e.token()).toEqual(first);
    expect(await store.leaseTokenValid(first!)).toBe(true);

    now += LEASE;
    await b.e.round(round());
    await a.e.round(round());
    expect(a.e.token()).toBeNull();
    expect(b.e.token()).toEqual({ name: LEADER_LEASE_NAME, holder: 'b', epoch: 2 });
    expect(await store.leaseTokenValid(first!)).toBe(false);
    expect(await store.leaseTokenValid(b.e.token()!)).toBe(true);
  });

  it('starts a new term when the store let its lease lapse and it took it again', async () => {
    const host = { mono: 0 };
    const store = memoryStore();
    const a = election(store, 'a', { clock: { now: () => now, monotonic: () => host.mono } });
    await a.e.round(round());
    // The store's clock stepped forward past the lease while this host's monotonic clock did not move.
    now += LEASE;
    await a.e.round(round());
    expect(a.changes).toEqual(['leader', 'follower: lease lapsed and was taken again', 'leader']);
    expect(a.e.token()).toEqual({ name: LEADER_LEASE_NAME, holder: 'a', epoch: 2 });
  });

  it('demoted while the store kept its lease, it gives the lease up so its next term has a new epoch', async () => {
    const host = { mono: 0 };
    const sick = new SickLeaseStore(memoryStore());
    const a = election(sick, 'a', { clock: { now: () => now, monotonic: () => host.mono } });
    await a.e.round(round());
    sick.mode = 'fail';
    host.mono = LEASE - RENEW;
    await a.e.round(round());
    expect(a.e.isLeader()).toBe(false);
    sick.mode = 'ok';
    await a.e.round(round());
    expect(a.e.isLeader()).toBe(false);
    expect(await sick.getLease(LEADER_LEASE_NAME)).toBeNull();
    await a.e.round(round());
    expect(a.changes).toEqual(['leader', 'follower: lease not renewed in time', 'leader']);
    expect(a.e.token()?.epoch).toBe(2);
  });
});

describe('leaseHolder', () => {
  it('differs for two services on one host and fits the holder column', () => {
    const one = leaseHolder('db-admin-1', 4242);
    const two = leaseHolder('db-admin-1', 4242);
    expect(one).toMatch(/^db-admin-1:4242:[0-9a-f]{12}$/);
    expect(two).not.toBe(one);
    expect(leaseHolder('h'.repeat(300)).length).toBeLessThanOrEqual(255);
  });
});

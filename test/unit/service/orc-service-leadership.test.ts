import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { StoreError } from '../../../core/errors.js';
import type { HookRunner } from '../../../core/hooks/hook-runner.js';
import { systemClock } from '../../../core/ports/clock.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { LEADER_LEASE_NAME } from '../../../core/service/leader-election.js';
import { OrcService } from '../../../src/service/orc-service.js';
import { makeFacts } from '../../support/facts-builder.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { FakeReplicationControl } from '../../support/fake-replication-control.js';
import { MemoryStore } from '../../support/memory-store.js';

const LEASE_MS = 400;
const RENEW_MS = 50;
const config = parseConfig({
  topology: { user: 'orc' },
  discovery: { seeds: ['127.0.0.1:3306'], pollIntervalMs: 100 },
  service: { leaseMs: LEASE_MS, renewMs: RENEW_MS },
});

const noHooks: HookRunner = {
  run: async () => ({ exitCode: 0, signal: null, durationMs: 0, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: null }),
};

const running: OrcService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** A service over the shared store with a probe of its own (so each one's probes can be counted). */
function service(store: MemoryStore, host: string): { orc: OrcService; probe: FakeProbe } {
  const probe = new FakeProbe()
    .set(makeFacts('127.0.0.1:3306', { replicas: ['127.0.0.1:3307'] }))
    .set(makeFacts('127.0.0.1:3307', { source: '127.0.0.1:3306', serverId: 2 }));
  const orc = new OrcService({ config, store, probe, control: new FakeReplicationControl(), hookRunner: noHooks, clock: systemClock, logger: silentLogger, orcHost: host });
  running.push(orc);
  return { orc, probe };
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - started;
}

describe('OrcService leadership', () => {
  it('of two services on one store only the leader probes; stopping it hands over at once', async () => {
    const store = new MemoryStore();
    const a = service(store, 'orc-a');
    const b = service(store, 'orc-b');
    await a.orc.start();
    await b.orc.start();
    expect([a.orc.isLeader(), a.orc.isActing(), b.orc.isLeader(), b.orc.isActing()]).toEqual([true, true, false, false]);
    expect(a.orc.holder).toMatch(/^orc-a:\d+:[0-9a-f]{12}$/);
    expect(b.orc.currentLease()?.holder).toBe(a.orc.holder);
    await waitFor('the leader to probe both servers', () => new Set(a.probe.calls).size === 2, 2000);
    expect(b.probe.calls).toEqual([]);

    await a.orc.stop();
    expect(await store.getLease(LEADER_LEASE_NAME)).toBeNull();
    const tookMs = await waitFor('b to lead', () => b.orc.isActing(), 2000);
    expect(tookMs).toBeLessThan(LEASE_MS);
    const probedByA = a.probe.calls.length;
    await waitFor('the new leader to probe', () => b.probe.calls.length > 2, 2000);
    expect(a.probe.calls.length).toBe(probedByA);
  });

  it('stops probing as soon as its lease is taken, and starts fresh loops when elected again', async () => {
    const store = new MemoryStore();
    const a = service(store, 'orc-a');
    await a.orc.start();
    const firstTerm = a.orc.discovery;
    await store.releaseLease(LEADER_LEASE_NAME, a.orc.holder);
    await store.tryAcquireLease(LEADER_LEASE_NAME, 'intruder', 60_000);
    await waitFor('a to stop acting', () => !a.orc.isActing(), 2 * RENEW_MS + 200);
    expect(a.orc.isLeader()).toBe(false);
    const probed = a.probe.calls.length;
    // a keeps trying the lease as a follower: once it has tried over three poll intervals' worth of renewals, a
    // discovery loop left running would have probed several times.
    let tries = 0;
    const tryAcquire = store.tryAcquireLease.bind(store);
    store.tryAcquireLease = async (...args) => {
      if (args[1] === a.orc.holder) tries++;
      return tryAcquire(...args);
    };
    await waitFor('a to try the lease for three poll intervals', () => tries * RENEW_MS >= 3 * config.discovery.pollIntervalMs, 2000);
    expect(a.probe.calls.length).toBe(probed);
    store.tryAcquireLease = tryAcquire;

    await store.releaseLease(LEADER_LEASE_NAME, 'intruder');
    await waitFor('a to lead again', () => a.orc.isActing(), 2000);
    expect(a.orc.discovery).not.toBe(firstTerm);
    await waitFor('a to probe again', () => a.probe.calls.length > probed, 2000);
  });

  it('reports why it does not act: following the leader, or the store unreachable since the first failed round', async () => {
    const store = new MemoryStore();
    const a = service(store, 'orc-a');
    const b = service(store, 'orc-b');
    await a.orc.start();
    await b.orc.start();
    expect(a.orc.status()).toMatchObject({ leader: true, acting: true, storeOutage: null, notActing: null });
    expect(b.orc.status()).toMatchObject({ leader: false, acting: false, notActing: `following ${a.orc.holder}` });

    const tryAcquire = store.tryAcquireLease.bind(store);
    store.tryAcquireLease = async () => {
      throw new StoreError('store: connect ECONNREFUSED');
    };
    const cutAt = Date.now();
    await waitFor('a to stop acting', () => !a.orc.isActing(), LEASE_MS + 200);
    for (const orc of [a.orc, b.orc]) {
      const status = orc.status();
      expect(status.storeOutage?.since).toBeGreaterThanOrEqual(cutAt);
      expect(status.notActing).toBe(`store unreachable since ${new Date(status.storeOutage!.since).toISOString()}: orc_store_failed: store: connect ECONNREFUSED`);
    }

    store.tryAcquireLease = tryAcquire;
    await waitFor('one of them to lead again', () => a.orc.isActing() || b.orc.isActing(), LEASE_MS + 500);
    await waitFor('both to see the store again', () => a.orc.status().storeOutage === null && b.orc.status().storeOutage === null, 500);
  });

  it('a follower that starts alone later leads as soon as the lease is free', async () => {
    const store = new MemoryStore();
    await store.tryAcquireLease(LEADER_LEASE_NAME, 'crashed-orc:1:abc', LEASE_MS);
    const b = service(store, 'orc-b');
    await b.orc.start();
    expect(b.orc.isLeader()).toBe(false);
    const tookMs = await waitFor('b to lead after the crashed leader\'s lease expired', () => b.orc.isActing(), LEASE_MS + 1000);
    expect(tookMs).toBeGreaterThan(LEASE_MS / 2);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError, type OrcError } from '../../core/errors.js';
import type { LeaderLease, LeaseStore } from '../../core/ports/leader-lease.js';
import { migrateToLatest } from '../../core/store/migrations/migrate-to-latest.js';
import { openStore, openStoreDatabase, type StoreConfig } from '../../core/store/open-store.js';

/** A LeaseStore handle the suite can close. */
export type LeaseHandle = LeaseStore & { close(): Promise<void> };

/** Storage the lease suite runs on: any number of handles on the same data, emptied between tests. */
export interface LeaseStoreHarness {
  /** Opens another handle on the suite's data (its own connections, where the backend has any). */
  open(): Promise<LeaseHandle>;
  /** Deletes every lease. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

/** A harness over one fresh, migrated SQL location; every open() is a separate openStore (pool or file handle). */
export function sqlLeaseHarness(freshLocation: () => StoreConfig): () => Promise<LeaseStoreHarness> {
  return async () => {
    const config = freshLocation();
    const cleaner = await openStoreDatabase(config);
    await migrateToLatest(cleaner.db, cleaner.dialect);
    return {
      open: () => openStore(config),
      reset: async () => {
        await cleaner.db.deleteFrom('orc_leases').execute();
      },
      dispose: () => cleaner.db.destroy(),
    };
  };
}

const T0 = 1_700_000_000_123;
const TTL = 5000;
const NAME = 'orc';

async function failure(work: Promise<unknown>): Promise<OrcError> {
  return work.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: OrcError) => err,
  );
}

/** The one holder every result names, failing when results disagree. */
function soleHolder(results: readonly LeaderLease[]): string {
  const holders = new Set(results.map((r) => r.holder));
  expect(holders.size).toBe(1);
  return results[0]!.holder;
}

/** Registers the LeaseStore contract tests; the same suite runs on SQLite, MariaDB and the in-memory fake. */
export function leaseSuite(name: string, harness: () => Promise<LeaseStoreHarness>): void {
  describe(`LeaseStore on ${name}`, () => {
    let h: LeaseStoreHarness;
    let store: LeaseHandle;
    let handles: LeaseHandle[] = [];

    beforeAll(async () => {
      h = await harness();
    });

    afterAll(async () => {
      await h.dispose();
    });

    beforeEach(async () => {
      await h.reset();
      store = await h.open();
      handles = [store, await h.open(), await h.open()];
    });

    afterEach(async () => {
      for (const handle of handles) await handle.close();
    });

    it('takes a free lease; another holder gets the holder\'s lease back', async () => {
      expect(await store.getLease(NAME)).toBeNull();
      expect(await store.tryAcquireLease(NAME, 'a', T0, TTL)).toEqual({ name: NAME, holder: 'a', acquiredAt: T0, expiresAt: T0 + TTL });
      expect(await handles[1]!.tryAcquireLease(NAME, 'b', T0 + 10, TTL)).toEqual({ name: NAME, holder: 'a', acquiredAt: T0, expiresAt: T0 + TTL });
      expect(await handles[2]!.getLease(NAME)).toEqual({ name: NAME, holder: 'a', acquiredAt: T0, expiresAt: T0 + TTL });
    });

    it('renewal keeps the holder and acquiredAt and moves expiresAt; nobody takes it before then', async () => {
      await store.tryAcquireLease(NAME, 'a', T0, TTL);
      expect(await store.tryAcquireLease(NAME, 'a', T0 + 1000, TTL)).toEqual({ name: NAME, holder: 'a', acquiredAt: T0, expiresAt: T0 + 1000 + TTL });
      expect((await handles[1]!.tryAcquireLease(NAME, 'b', T0 + TTL, TTL)).holder).toBe('a');
      expect((await handles[1]!.tryAcquireLease(NAME, 'b', T0 + 1000 + TTL - 1, TTL)).holder).toBe('a');
      expect(await store.tryAcquireLease(NAME, 'a', T0 + 1000, TTL)).toEqual({ name: NAME, holder: 'a', acquiredAt: T0, expiresAt: T0 + 1000 + TTL });
    });

    it('hands an expired lease over at expiresAt, with a new acquiredAt', async () => {
      await store.tryAcquireLease(NAME, 'a', T0, TTL);
      expect(await handles[1]!.tryAcquireLease(NAME, 'b', T0 + TTL, 2000)).toEqual({ name: NAME, holder: 'b', acquiredAt: T0 + TTL, expiresAt: T0 + TTL + 2000 });
      expect((await store.tryAcquireLease(NAME, 'a', T0 + TTL + 1, TTL)).holder).toBe('b');
      expect(await store.getLease(NAME)).toEqual({ name: NAME, holder: 'b', acquiredAt: T0 + TTL, expiresAt: T0 + TTL + 2000 });
    });

    it('release by the holder hands the lease over at once; nobody else can release it', async () => {
      await store.tryAcquireLease(NAME, 'a', T0, TTL);
      expect(await handles[1]!.releaseLease(NAME, 'b')).toBe(false);
      expect(await handles[1]!.releaseLease('other', 'a')).toBe(false);
      expect((await store.getLease(NAME))?.holder).toBe('a');
      expect(await store.releaseLease(NAME, 'a')).toBe(true);
      expect(await store.releaseLease(NAME, 'a')).toBe(false);
      expect(await store.getLease(NAME)).toBeNull();
      expect(await handles[1]!.tryAcquireLease(NAME, 'b', T0 + 1, TTL)).toEqual({ name: NAME, holder: 'b', acquiredAt: T0 + 1, expiresAt: T0 + 1 + TTL });
    });

    it('of many concurrent first attempts from several connections exactly one holder wins', async () => {
      const attempts = Array.from({ length: 24 }, (_, i) => handles[i % handles.length]!.tryAcquireLease(NAME, `h${i}`, T0, TTL));
      const winner = soleHolder(await Promise.all(attempts));
      expect(winner).toMatch(/^h\d+$/);
      expect((await store.getLease(NAME))?.holder).toBe(winner);
    });

    it('of many concurrent takeovers of an expired lease exactly one wins, and then keeps it', async () => {
      await store.tryAcquireLease(NAME, 'old', T0, TTL);
      const now = T0 + TTL + 1;
      const attempts = Array.from({ length: 24 }, (_, i) => handles[i % handles.length]!.tryAcquireLease(NAME, `h${i}`, now, TTL));
      const winner = soleHolder(await Promise.all(attempts));
      expect(winner).not.toBe('old');
      const again = Array.from({ length: 24 }, (_, i) => handles[i % handles.length]!.tryAcquireLease(NAME, `h${i}`, now + 1000, TTL));
      expect(soleHolder(await Promise.all(again))).toBe(winner);
      expect(await store.getLease(NAME)).toEqual({ name: NAME, holder: winner, acquiredAt: now, expiresAt: now + 1000 + TTL });
    });

    it('a holder renewing while others race keeps the lease', async () => {
      await store.tryAcquireLease(NAME, 'a', T0, TTL);
      const now = T0 + TTL - 1;
      const attempts = Array.from({ length: 24 }, (_, i) => handles[i % handles.length]!.tryAcquireLease(NAME, i % 4 === 0 ? 'a' : `h${i}`, now, TTL));
      expect(soleHolder(await Promise.all(attempts))).toBe('a');
      expect(await store.getLease(NAME)).toEqual({ name: NAME, holder: 'a', acquiredAt: T0, expiresAt: now + TTL });
    });

    it('keeps leases of different names apart and compares holders exactly', async () => {
      await store.tryAcquireLease('one', 'a', T0, TTL);
      expect((await store.tryAcquireLease('two', 'b', T0, TTL)).holder).toBe('b');
      expect((await store.tryAcquireLease('one', 'A', T0 + 1, TTL)).holder).toBe('a');
      expect(await store.releaseLease('one', 'A')).toBe(false);
      expect((await store.getLease('two'))?.holder).toBe('b');
    });

    it('refuses a fractional time, a non-positive ttl and an empty or overlong name or holder', async () => {
      for (const bad of [
        store.tryAcquireLease(NAME, 'a', T0 + 0.5, TTL),
        store.tryAcquireLease(NAME, 'a', T0, 0),
        store.tryAcquireLease(NAME, 'a', T0, 1.5),
        store.tryAcquireLease(NAME, '', T0, TTL),
        store.tryAcquireLease('', 'a', T0, TTL),
        store.tryAcquireLease(NAME, 'x'.repeat(256), T0, TTL),
        store.releaseLease(NAME, ''),
        store.getLease('n'.repeat(129)),
      ]) {
        expect(await failure(bad)).toBeInstanceOf(InputError);
      }
      expect(await store.getLease(NAME)).toBeNull();
    });
  });
}

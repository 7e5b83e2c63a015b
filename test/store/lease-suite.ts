import { sql, type Kysely } from 'kysely';
import { emptiedSqlHarness } from '../support/emptied-sql-harness.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useStoreSession } from '../support/store-session.js';
import { InputError, type OrcError } from '../../core/errors.js';
import type { LeaderLease, LeaseStore, LeaseToken } from '../../core/ports/leader-lease.js';
import { leaseTokenHolds } from '../../core/store/lease-queries.js';
import { migrateToLatest } from '../../core/store/migrations/migrate-to-latest.js';
import { openStore, openStoreDatabase, type StoreConfig } from '../../core/store/open-store.js';
import type { StoreDatabase } from '../../core/store/schema.js';
import { until } from '../support/service-harness.js';

/** A LeaseStore handle the suite can close. */
export type LeaseHandle = LeaseStore & { close(): Promise<void> };

/** Storage the lease suite runs on: any number of handles on the same data, emptied between tests. */
export interface LeaseStoreHarness {
  /** Opens another handle on the suite's data (its own connections, where the backend has any). */
  open(): Promise<LeaseHandle>;
  /** The backend's clock as the test process can read it (SQL: this host's, where the test database runs). */
  backendNow(): number;
  /** Deletes every lease. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

/** A harness over one fresh, migrated SQL location; every open() is a separate openStore (pool or file handle). */
export function sqlLeaseHarness(freshLocation: () => StoreConfig): () => Promise<LeaseStoreHarness> {
  const sql = emptiedSqlHarness(freshLocation, ['orc_leases']);
  return async () => ({ ...(await sql()), backendNow: () => Date.now() });
}

const TTL = 60_000;
/** A lease short enough to wait out. */
const SHORT = 250;
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

function tokenOf(lease: LeaderLease): LeaseToken {
  return { name: lease.name, holder: lease.holder, epoch: lease.epoch };
}

/** Registers the LeaseStore contract tests; the same suite runs on SQLite, MariaDB and the in-memory fake. */
export function leaseSuite(name: string, harness: () => Promise<LeaseStoreHarness>): void {
  describe(`LeaseStore on ${name}`, () => {
    let store: LeaseHandle;
    let handles: LeaseHandle[] = [];
    const session = useStoreSession(harness, (s) => {
      store = s.store;
    });
    const h = { backendNow: () => session.harness.backendNow() };

    beforeEach(async () => {
      handles = [store, await session.another(), await session.another()];
    });

    /** Takes the lease for holder with ttlMs, noting the backend's clock around the call. */
    async function take(handle: LeaseHandle, holder: string, ttlMs: number) {
      const before = h.backendNow();
      const lease = await handle.tryAcquireLease(NAME, holder, ttlMs);
      return { lease, before, after: h.backendNow() };
    }

    /** Waits until the backend's clock passed the lease's expiry (by asking the store, not by sleeping blindly). */
    async function expired(lease: LeaderLease): Promise<void> {
      await until(`lease ${lease.holder}/${lease.epoch} to expire`, async () => !(await store.leaseTokenValid(tokenOf(lease))), 10_000, 10);
    }

    it('takes a free lease at epoch 1 for ttl from the backend\'s clock; another holder gets the holder\'s lease back', async () => {
      expect(await store.getLease(NAME)).toBeNull();
      const { lease, before, after } = await take(store, 'a', TTL);
      expect(lease).toMatchObject({ name: NAME, holder: 'a', epoch: 1 });
      expect(lease.acquiredAt).toBeGreaterThanOrEqual(before);
      // +1: a backend may round its clock to the millisecond where the test process truncates.
      expect(lease.acquiredAt).toBeLessThanOrEqual(after + 1);
      expect(lease.expiresAt - lease.acquiredAt).toBe(TTL);
      expect(await handles[1]!.tryAcquireLease(NAME, 'b', TTL)).toEqual(lease);
      expect(await handles[2]!.getLease(NAME)).toEqual(lease);
    });

    it('renewal keeps the holder, acquiredAt and epoch and sets expiresAt from the backend\'s now; nobody takes it before then', async () => {
      const first = (await take(store, 'a', TTL)).lease;
      const { lease: renewed, before, after } = await take(store, 'a', 2 * TTL);
      expect(renewed).toMatchObject({ name: NAME, holder: 'a', acquiredAt: first.acquiredAt, epoch: first.epoch });
      expect(renewed.expiresAt).toBeGreaterThanOrEqual(before + 2 * TTL);
      expect(renewed.expiresAt).toBeLessThanOrEqual(after + 1 + 2 * TTL);
      expect(await handles[1]!.tryAcquireLease(NAME, 'b', TTL)).toEqual(renewed);
      expect(await store.getLease(NAME)).toEqual(renewed);
    });

    it('hands an expired lease over only once the backend\'s clock reached expiresAt, with the next epoch', async () => {
      const first = (await take(store, 'a', SHORT)).lease;
      const seen: LeaderLease[] = [];
      const taken = await until(
        'b to take the expired lease',
        async () => {
          const lease = await handles[1]!.tryAcquireLease(NAME, 'b', TTL);
          seen.push(lease);
          return lease.holder === 'b' && lease;
        },
        10_000,
        10,
      );
      expect(seen.slice(0, -1).every((lease) => lease.holder === 'a' && lease.epoch === first.epoch)).toBe(true);
      expect(taken.acquiredAt).toBeGreaterThanOrEqual(first.expiresAt);
      expect(taken).toMatchObject({ holder: 'b', epoch: first.epoch + 1, expiresAt: taken.acquiredAt + TTL });
      expect((await store.tryAcquireLease(NAME, 'a', TTL)).holder).toBe('b');
      expect(await store.getLease(NAME)).toEqual(taken);
    });

    it('a holder taking its own lease again after it expired gets the next epoch and a new acquiredAt', async () => {
      const first = (await take(store, 'a', SHORT)).lease;
      await expired(first);
      const again = await store.tryAcquireLease(NAME, 'a', TTL);
      expect(again).toMatchObject({ holder: 'a', epoch: first.epoch + 1 });
      expect(again.acquiredAt).toBeGreaterThanOrEqual(first.expiresAt);
    });

    it('release by the holder hands the lease over at once with the next epoch; nobody else can release it', async () => {
      const first = (await take(store, 'a', TTL)).lease;
      expect(await handles[1]!.releaseLease(NAME, 'b')).toBe(false);
      expect(await handles[1]!.releaseLease('other', 'a')).toBe(false);
      expect((await store.getLease(NAME))?.holder).toBe('a');
      expect(await store.releaseLease(NAME, 'a')).toBe(true);
      expect(await store.releaseLease(NAME, 'a')).toBe(false);
      expect(await store.getLease(NAME)).toBeNull();
      expect(await store.leaseTokenValid(tokenOf(first))).toBe(false);
      const next = await handles[1]!.tryAcquireLease(NAME, 'b', TTL);
      expect(next).toMatchObject({ holder: 'b', epoch: first.epoch + 1 });
      expect(await store.releaseLease(NAME, 'b')).toBe(true);
      expect(await store.tryAcquireLease(NAME, 'a', TTL)).toMatchObject({ holder: 'a', epoch: first.epoch + 2 });
    });

    it('of many concurrent first attempts from several connections exactly one holder wins, at epoch 1', async () => {
      const attempts = Array.from({ length: 24 }, (_, i) => handles[i % handles.length]!.tryAcquireLease(NAME, `h${i}`, TTL));
      const results = await Promise.all(attempts);
      const winner = soleHolder(results);
      expect(winner).toMatch(/^h\d+$/);
      expect(results.every((lease) => lease.epoch === 1)).toBe(true);
      expect((await store.getLease(NAME))?.holder).toBe(winner);
    });

    it('of many concurrent takeovers of an expired lease exactly one wins, once, and then keeps it', async () => {
      const old = (await take(store, 'old', SHORT)).lease;
      await expired(old);
      const attempts = Array.from({ length: 24 }, (_, i) => handles[i % handles.length]!.tryAcquireLease(NAME, `h${i}`, TTL));
      const results = await Promise.all(attempts);
      const winner = soleHolder(results);
      expect(winner).not.toBe('old');
      expect(results.every((lease) => lease.epoch === old.epoch + 1)).toBe(true);
      const again = Array.from({ length: 24 }, (_, i) => handles[i % handles.length]!.tryAcquireLease(NAME, `h${i}`, TTL));
      expect(soleHolder(await Promise.all(again))).toBe(winner);
      expect(await store.getLease(NAME)).toMatchObject({ holder: winner, acquiredAt: results[0]!.acquiredAt, epoch: old.epoch + 1 });
    });

    it('a holder renewing while others race keeps the lease and its epoch', async () => {
      const first = (await take(store, 'a', TTL)).lease;
      const attempts = Array.from({ length: 24 }, (_, i) => handles[i % handles.length]!.tryAcquireLease(NAME, i % 4 === 0 ? 'a' : `h${i}`, TTL));
      expect(soleHolder(await Promise.all(attempts))).toBe('a');
      expect(await store.getLease(NAME)).toMatchObject({ holder: 'a', acquiredAt: first.acquiredAt, epoch: first.epoch });
    });

    it('keeps leases of different names apart and compares holders exactly', async () => {
      await store.tryAcquireLease('one', 'a', TTL);
      expect((await store.tryAcquireLease('two', 'b', TTL)).holder).toBe('b');
      expect((await store.tryAcquireLease('one', 'A', TTL)).holder).toBe('a');
      expect(await store.releaseLease('one', 'A')).toBe(false);
      expect((await store.getLease('two'))?.holder).toBe('b');
      expect(await store.leaseTokenValid({ name: 'one', holder: 'A', epoch: 1 })).toBe(false);
    });

    it('a token is valid only for the lease\'s holder and epoch, and only until the lease expires', async () => {
      const lease = (await take(store, 'a', SHORT)).lease;
      const token = tokenOf(lease);
      expect(await handles[1]!.leaseTokenValid(token)).toBe(true);
      expect(await store.leaseTokenValid({ ...token, epoch: token.epoch + 1 })).toBe(false);
      expect(await store.leaseTokenValid({ ...token, epoch: 0 })).toBe(false);
      expect(await store.leaseTokenValid({ ...token, holder: 'b' })).toBe(false);
      expect(await store.leaseTokenValid({ ...token, name: 'other' })).toBe(false);
      await expired(lease);
      expect(await handles[2]!.leaseTokenValid(token)).toBe(false);
      const next = await handles[1]!.tryAcquireLease(NAME, 'b', TTL);
      expect(await store.leaseTokenValid(tokenOf(next))).toBe(true);
      expect(await store.leaseTokenValid(token)).toBe(false);
    });

    it('refuses a non-positive or fractional ttl, a bad epoch and an empty or overlong name or holder', async () => {
      for (const bad of [
        store.tryAcquireLease(NAME, 'a', 0),
        store.tryAcquireLease(NAME, 'a', 1.5),
        store.tryAcquireLease(NAME, '', TTL),
        store.tryAcquireLease('', 'a', TTL),
        store.tryAcquireLease(NAME, 'x'.repeat(256), TTL),
        store.releaseLease(NAME, ''),
        store.getLease('n'.repeat(129)),
        store.leaseTokenValid({ name: NAME, holder: 'a', epoch: -1 }),
        store.leaseTokenValid({ name: NAME, holder: 'a', epoch: 1.5 }),
        store.leaseTokenValid({ name: NAME, holder: '', epoch: 1 }),
      ]) {
        expect(await failure(bad)).toMatchObject({ code: 'orc_bad_input' });
      }
      expect(await store.getLease(NAME)).toBeNull();
    });
  });
}

/** How a backend keeps a lease from changing hands while a transaction that checked its token is open. */
export type TokenCheckGuard = 'row lock' | 'snapshot';

/**
 * Registers the tests of leaseTokenHolds, the check a recovery step's transaction makes: same answers in and out of
 * a transaction, and a takeover never slips in between the check and the commit. With a 'row lock' (MySQL) the
 * takeover waits for the commit; with a 'snapshot' (SQLite in WAL mode) the checking transaction cannot write.
 */
export function sqlLeaseSuite(name: string, freshLocation: () => StoreConfig, guard: TokenCheckGuard): void {
  describe(`leaseTokenHolds on ${name}`, () => {
    let db: Kysely<StoreDatabase>;
    let config: StoreConfig;
    let handles: LeaseHandle[] = [];

    beforeAll(async () => {
      config = freshLocation();
      const opened = await openStoreDatabase(config);
      db = opened.db;
      await migrateToLatest(db, opened.dialect);
    });

    afterAll(async () => {
      await db.destroy();
    });

    beforeEach(async () => {
      for (const table of ['orc_leases', 'orc_settings'] as const) await db.deleteFrom(table).execute();
      handles = [await openStore(config), await openStore(config)];
    });

    afterEach(async () => {
      for (const handle of handles) await handle.close();
    });

    it('answers like leaseTokenValid, in and out of a transaction', async () => {
      const lease = await handles[0]!.tryAcquireLease(NAME, 'a', TTL);
      const stale = { ...tokenOf(lease), epoch: lease.epoch + 1 };
      expect(await leaseTokenHolds(db, tokenOf(lease))).toBe(true);
      expect(await leaseTokenHolds(db, stale)).toBe(false);
      const inside = await db.transaction().execute(async (trx) => [await leaseTokenHolds(trx, tokenOf(lease)), await leaseTokenHolds(trx, stale)]);
      expect(inside).toEqual([true, false]);
      expect(await failure(leaseTokenHolds(db, { ...tokenOf(lease), epoch: -1 }))).toBeInstanceOf(InputError);
    });

    it(`a takeover never lands between a transaction's token check and its commit (${guard})`, async () => {
      const [mine, other] = handles as [LeaseHandle, LeaseHandle];
      const lease = await mine.tryAcquireLease(NAME, 'a', SHORT);
      const events: string[] = [];
      let taking: Promise<LeaderLease> | undefined;
      const step = db.transaction().execute(async (trx) => {
        expect(await leaseTokenHolds(trx, tokenOf(lease))).toBe(true);
        await until('the lease to expire', async () => !(await other.leaseTokenValid(tokenOf(lease))), 10_000, 10);
        taking = other.tryAcquireLease(NAME, 'b', TTL).then((taken) => {
          events.push('taken');
          return taken;
        });
        if (guard === 'row lock') await until('the takeover to wait for the lease row', () => lockWaits(db), 10_000, 10);
        else await taking;
        await trx.insertInto('orc_settings').values({ name: 'step', value: 'recorded under a', updated_at: 1 }).execute();
      });
      const outcome = await step.then(
        () => 'committed',
        (err: { code?: string }) => `failed: ${err.code}`,
      );
      events.push(outcome);
      const taken = await taking!;
      expect(taken).toMatchObject({ holder: 'b', epoch: lease.epoch + 1 });
      const recorded = await db.selectFrom('orc_settings').select('value').where('name', '=', 'step').executeTakeFirst();
      if (guard === 'row lock') {
        expect(events).toEqual(['committed', 'taken']);
        expect(recorded?.value).toBe('recorded under a');
      } else {
        expect(events).toEqual(['taken', 'failed: SQLITE_BUSY_SNAPSHOT']);
        expect(recorded).toBeUndefined();
      }
    });
  });
}

/** True while some InnoDB transaction waits for a row lock (MySQL/MariaDB only). */
async function lockWaits(db: Kysely<StoreDatabase>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from information_schema.innodb_trx where trx_state = 'LOCK WAIT'`.execute(db);
  return Number(rows[0]?.n) > 0;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../core/store/open-store.js';
import { openSqliteDatabase } from '../../core/store/open-sqlite-database.js';
import type { StoreDatabase } from '../../core/store/schema.js';
import { withSnapshotRetry } from '../../core/store/stale-snapshot-retry.js';

describe('read-then-write transactions on a SQLite file another process writes', () => {
  const dirs: string[] = [];
  const handles: Kysely<StoreDatabase>[] = [];

  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.destroy()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Two connections to one migrated store file, as `orc serve` and `orc recover` hold it. */
  async function twoConnections(): Promise<[Kysely<StoreDatabase>, Kysely<StoreDatabase>]> {
    const dir = mkdtempSync(join(tmpdir(), 'orc-snapshot-'));
    dirs.push(dir);
    const path = join(dir, 'orc.db');
    await (await openStore({ kind: 'sqlite', path })).close();
    const pair: [Kysely<StoreDatabase>, Kysely<StoreDatabase>] = [openSqliteDatabase(path), openSqliteDatabase(path)];
    handles.push(...pair);
    return pair;
  }

  /** Reads, lets the other connection commit a write on its first run, then writes. */
  function readOtherWritesThenWrite(mine: Kysely<StoreDatabase>, other: Kysely<StoreDatabase>, runs: { n: number }) {
    return () =>
      mine.transaction().execute(async (trx) => {
        runs.n++;
        await trx.selectFrom('orc_settings').selectAll().execute();
        if (runs.n === 1) await other.insertInto('orc_settings').values({ name: 'other', value: 'x', updated_at: 1 }).execute();
        await trx.insertInto('orc_settings').values({ name: `mine-${runs.n}`, value: 'y', updated_at: 2 }).execute();
      });
  }

  it('fail at once with SQLITE_BUSY_SNAPSHOT when run bare (the hazard)', async () => {
    const [mine, other] = await twoConnections();
    await expect(readOtherWritesThenWrite(mine, other, { n: 0 })()).rejects.toMatchObject({ code: 'SQLITE_BUSY_SNAPSHOT' });
  });

  it('are run again from the start by withSnapshotRetry, and then commit', async () => {
    const [mine, other] = await twoConnections();
    const runs = { n: 0 };
    await withSnapshotRetry(readOtherWritesThenWrite(mine, other, runs));
    expect(runs.n).toBe(2);
    const names = (await other.selectFrom('orc_settings').select('name').orderBy('name').execute()).map((r) => r.name);
    expect(names).toEqual(['mine-2', 'other']);
  });

  it('give up after a few refusals and pass any other error through untouched', async () => {
    let calls = 0;
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY_SNAPSHOT' });
    await expect(withSnapshotRetry(async () => { calls++; throw busy; })).rejects.toBe(busy);
    expect(calls).toBe(5);
    const other = Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    calls = 0;
    await expect(withSnapshotRetry(async () => { calls++; throw other; })).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});

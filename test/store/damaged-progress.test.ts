import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../core/model/instance-key.js';
import { NO_PROGRESS } from '../../core/ports/recovery-store.js';
import { openStore, type OrcStore } from '../../core/store/open-store.js';
import { makeRecovery } from '../support/recovery-builder.js';

const dirs: string[] = [];
const stores: OrcStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function storeWith(): Promise<{ store: OrcStore; damage: (id: string) => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'orc-damaged-'));
  dirs.push(dir);
  const path = join(dir, 'orc.db');
  const store = await openStore({ kind: 'sqlite', path });
  stores.push(store);
  const damage = (id: string) => {
    const db = new Database(path);
    db.prepare('UPDATE orc_recoveries SET progress = ? WHERE id = ?').run('{"phase": "prom', id);
    db.close();
  };
  return { store, damage };
}

describe('a recovery row whose stored progress is damaged', () => {
  it('when ended, reads as history without progress, so listings (and every gate read) still work', async () => {
    const { store, damage } = await storeWith();
    await store.registerRecovery(makeRecovery({ id: 'old', progress: { ...NO_PROGRESS, phase: 'promoted' } }));
    await store.finishRecovery('old', { status: 'succeeded', endedAt: 2_000_000, successor: parseInstanceKey('127.0.0.1:3307'), lost: [], summary: 'promoted 127.0.0.1:3307' });
    damage('old');
    const [listed] = await store.listRecoveries();
    expect(listed).toMatchObject({ id: 'old', status: 'succeeded', summary: 'promoted 127.0.0.1:3307', progress: null });
  });

  it('when running, is refused with a store error naming it: its runner must not act on a half-read plan', async () => {
    const { store, damage } = await storeWith();
    await store.registerRecovery(makeRecovery({ id: 'live', progress: { ...NO_PROGRESS, phase: 'window' } }));
    damage('live');
    await expect(store.listRecoveries()).rejects.toThrow(/progress of recovery live is malformed \(not JSON\)/);
  });
});

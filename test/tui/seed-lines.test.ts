import { describe, expect, it } from 'vitest';
import { newSeed, NO_RETRIES } from '../../core/seeds/seed.js';
import { lineText } from '../../tui/lib/styled-line.js';
import { seedLines } from '../../tui/lib/seed-lines.js';
import { loadDashboard } from '../../core/commands/load-dashboard.js';
import { MemoryStore } from '../support/memory-store.js';
import { TEST_CONFIG } from '../support/test-config.js';
import { FakeClock, seedTopologies, T0 } from './fixtures/topology.js';

const SOURCE = { host: '127.0.0.1', port: 3306 };
const TARGET = { host: '127.0.0.1', port: 3307 };

describe('seed lines of the dashboard', () => {
  it('show each active seed with its stage, bytes, age, retries and the error it is retrying', () => {
    const running = { ...newSeed({ id: 'seedA', method: 'mariabackup', source: SOURCE, target: TARGET, now: T0 }), stage: 'Backup' as const, status: 'Running' as const, startedAt: T0, bytesCopied: 3 * 2 ** 20 };
    const erring = { ...running, id: 'seedB', method: 'dump' as const, status: 'Error' as const, retries: { ...NO_RETRIES, Backup: 2 }, error: 'Backup failed on the target agent: no space left' };
    const lines = seedLines([running, erring], T0 + 90_000);
    expect(lines.map(lineText)).toEqual([
      'seed seedA mariabackup 127.0.0.1:3306 -> 127.0.0.1:3307 · Backup Running · 3.0 MiB · 1m30s',
      'seed seedB dump 127.0.0.1:3306 -> 127.0.0.1:3307 · Backup Error · 3.0 MiB · 1m30s · retries 2: Backup failed on the target agent: no space left',
    ]);
    expect(lines[1]![0]!.tone).toBe('warning');
    expect(seedLines(null, T0)).toEqual([]);
  });

  it('are loaded with every refresh: active seeds only', async () => {
    const store = new MemoryStore();
    await seedTopologies(store, T0);
    await store.createSeed(newSeed({ id: 'active1', method: 'mariabackup', source: SOURCE, target: TARGET, now: T0 }));
    await store.createSeed({ ...newSeed({ id: 'ended1', method: 'dump', source: SOURCE, target: TARGET, now: T0 }), status: 'Failed', endedAt: T0 });
    const snapshot = await loadDashboard({ store, clock: new FakeClock(T0), config: TEST_CONFIG }, null, 0);
    expect(snapshot.seeds?.map((s) => s.id)).toEqual(['active1']);
  });
});

import { TEST_CONFIG } from '../support/test-config.js';
import { describe, expect, it } from 'vitest';
import { ALTERNATE_SCREEN, alternateScreen } from '../../tui/lib/alternate-screen.js';
import { loadDashboard } from '../../core/commands/load-dashboard.js';
import { MemoryStore } from '../support/memory-store.js';
import { FakeClock, seedTopologies, T0 } from './fixtures/topology.js';

describe('loadDashboard', () => {
  it('reads the clusters and the wanted cluster through the commands', async () => {
    const store = new MemoryStore();
    await seedTopologies(store, T0);
    const snapshot = await loadDashboard({ store, clock: new FakeClock(T0 + 7), config: TEST_CONFIG }, '127.0.0.1:4406', 0);
    expect(snapshot.clusters.map((c) => c.cluster.alias)).toEqual(['main', 'reports']);
    expect(snapshot.selectedName).toBe('127.0.0.1:4406');
    expect(snapshot.topology?.cluster.alias).toBe('reports');
    expect(snapshot.topology?.at).toBe(T0 + 7);
    expect(snapshot.refreshedAt).toBe(T0 + 7);
    expect(snapshot.error).toBeNull();
  });

  it('falls back to the cluster at the old place when the wanted one vanished', async () => {
    const store = new MemoryStore();
    await seedTopologies(store, T0);
    const snapshot = await loadDashboard({ store, clock: new FakeClock(T0), config: TEST_CONFIG }, 'gone:3306', 1);
    expect(snapshot.selectedName).toBe('127.0.0.1:4406');
  });

  it('returns a topology failure as the error, keeping the cluster list', async () => {
    const store = new MemoryStore();
    await seedTopologies(store, T0);
    const failing = Object.assign(Object.create(store) as MemoryStore, {
      listInstances: async (filter?: { clusterName?: string }) => {
        if (filter?.clusterName) throw new Error('disk on fire');
        return store.listInstances(filter);
      },
    });
    const snapshot = await loadDashboard({ store: failing, clock: new FakeClock(T0), config: TEST_CONFIG }, null, 0);
    expect(snapshot.clusters).toHaveLength(2);
    expect(snapshot.topology).toBeNull();
    expect(snapshot.error).toBe('orc_operation_failed: disk on fire');
  });

  it('lets a failing cluster list throw', async () => {
    const store = new MemoryStore();
    await store.close();
    await expect(loadDashboard({ store, clock: new FakeClock(T0), config: TEST_CONFIG }, null, 0)).rejects.toThrow(/store is closed/);
  });
});

describe('alternateScreen', () => {
  it('enters once, leaves once, and writes nothing to a non-terminal', () => {
    let written = '';
    const tty = alternateScreen({ isTTY: true, write: (s: string) => ((written += s), true) } as never);
    tty.leave();
    tty.enter();
    tty.enter();
    tty.leave();
    tty.leave();
    expect(written).toBe(ALTERNATE_SCREEN.enter + ALTERNATE_SCREEN.leave);
    let piped = '';
    const pipe = alternateScreen({ isTTY: false, write: (s: string) => ((piped += s), true) } as never);
    pipe.enter();
    pipe.leave();
    expect(piped).toBe('');
  });
});

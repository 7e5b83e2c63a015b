import { describe, expect, it } from 'vitest';
import { buildTopologyTree } from '../../core/model/topology-tree.js';
import { stalenessWarning } from '../../tui/lib/staleness.js';
import { MemoryStore } from '../support/memory-store.js';
import { seedTopologies, T0 } from './fixtures/topology.js';

describe('stalenessWarning', () => {
  it('warns when the newest probe is older than the limit, counting from the newest one', async () => {
    const store = new MemoryStore();
    await seedTopologies(store, T0);
    const trees = buildTopologyTree(await store.listInstances({ clusterName: '127.0.0.1:3306' }), T0);
    expect(stalenessWarning(trees, T0 + 3_000, 3_000)).toBeNull();
    expect(stalenessWarning(trees, T0 + 12_000, 3_000)).toBe('no fresh data from the service for 12s — is `orc serve` running?');
    expect(stalenessWarning([], T0 + 60_000, 3_000)).toBeNull();
  });
});
